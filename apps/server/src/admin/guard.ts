/**
 * Who may do what in the admin API, and the one way a route finds the user it acts on. The
 * tenant is always the caller's (from their session); a user id from another tenant is simply
 * not found, so an admin of tenant A learns nothing about tenant B. Helpdesk operators may
 * help ordinary users only: acting on an admin or another operator (issuing them a TAP,
 * resetting their MFA) would let helpdesk take over a more privileged account.
 *
 * @module
 */
import type { FastifyRequest } from 'fastify';
import { requirePrincipal, type Principal } from '../auth/principal.js';
import type { ServerContext } from '../context.js';
import { ServerError } from '../errors.js';
import { getUser, type UserRow } from '../users/users.js';

/** Roles that may read the directory and help users (TAP, methods, sessions). */
export const STAFF: readonly Principal['role'][] = ['admin', 'helpdesk'];
/** Roles that may change the directory itself (users, roles, tenant, policy, audit). */
export const ADMINS: readonly Principal['role'][] = ['admin'];

/** Step-up window for MFA reset: the admin signed in at most 10 minutes ago (ASVS 7.5.3). */
export const STEP_UP_MS = 10 * 60_000;

/** The caller, who must hold one of `roles` in a full (non-TAP) session. */
export function requireStaff(ctx: ServerContext, request: FastifyRequest, roles: readonly Principal['role'][] = STAFF, maxAuthAgeMs?: number): Promise<Principal> {
  return requirePrincipal(ctx, request, { roles, ...(maxAuthAgeMs === undefined ? {} : { maxAuthAgeMs }) });
}

/** The user `userId` of the caller's tenant, or `ERR_NOT_FOUND`. */
export async function findTarget(ctx: ServerContext, caller: Principal, userId: string): Promise<UserRow> {
  const user = await getUser(ctx, caller.tenantId, userId);
  if (user === undefined) throw new ServerError('ERR_NOT_FOUND', 'no such user');
  return user;
}

/** Like {@link findTarget}, and refuses when a helpdesk operator would act on a privileged account. */
export async function findActionTarget(ctx: ServerContext, caller: Principal, userId: string): Promise<UserRow> {
  const user = await findTarget(ctx, caller, userId);
  if (caller.role === 'helpdesk' && user.role !== 'user') throw new ServerError('ERR_FORBIDDEN', 'helpdesk may only act on ordinary users');
  return user;
}
