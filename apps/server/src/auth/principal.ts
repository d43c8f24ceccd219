/**
 * Who is calling: resolves the session from the `tessera_session` cookie (browsers) or an
 * `Authorization: Bearer` token — a Tessera session token, or an OIDC access token the CLI got
 * from the device flow, which stands for the session that approved it — and checks what the
 * route needs — a role, a full (non-TAP) session, a recent sign-in for step-up. Every failure
 * is the same 401/403 shape, so callers learn nothing about other users or tenants.
 *
 * @module
 */
import type { FastifyRequest } from 'fastify';
import type { ServerContext } from '../context.js';
import { ServerError } from '../errors.js';
import { sessionForAccessToken } from '../oidc/access-token.js';
import { resolveCaller, type ResolvedCaller } from './resolve-caller.js';
import type { Session } from './sessions.js';

/** Name of the browser session cookie. */
export const SESSION_COOKIE = 'tessera_session';

/** The authenticated caller. */
export interface Principal {
  readonly session: Session;
  readonly userId: string;
  readonly tenantId: string;
  readonly role: 'admin' | 'helpdesk' | 'user';
  readonly email: string;
}

/** What a route requires of its caller. */
export interface PrincipalRequirements {
  /** Roles allowed (default: any). */
  readonly roles?: readonly Principal['role'][];
  /** TAP sessions may only register methods: routes that do that set this. */
  readonly allowTap?: boolean;
  /**
   * Step-up: the user's last authentication — sign-in, or a second factor proven again with
   * `POST /api/me/step-up` — must be at most this old (admin MFA reset, ASVS 7.5.3).
   */
  readonly maxAuthAgeMs?: number;
}

/** Extracts the bearer token or session cookie from a request. */
export function requestToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header === 'string' && /^Bearer /i.test(header)) return header.slice(7).trim();
  const cookie = request.cookies[SESSION_COOKIE];
  return typeof cookie === 'string' && cookie !== '' ? cookie : undefined;
}

/**
 * Resolves the caller of `request` or throws `ERR_UNAUTHENTICATED` / `ERR_FORBIDDEN` /
 * `ERR_TAP_ONLY_REGISTRATION` / `ERR_STEP_UP_REQUIRED`.
 */
export async function requirePrincipal(ctx: ServerContext, request: FastifyRequest, needs: PrincipalRequirements = {}): Promise<Principal> {
  const token = requestToken(request);
  const caller = token === undefined ? undefined : await resolveCaller(ctx, token) ?? await accessTokenCaller(ctx, token);
  const user = caller?.user;
  if (caller === undefined || user?.status !== 'active') throw new ServerError('ERR_UNAUTHENTICATED', 'sign in first');
  const { session } = caller;
  if (session.tapId !== null && needs.allowTap !== true) {
    throw new ServerError('ERR_TAP_ONLY_REGISTRATION', 'a Temporary Access Pass session may only register sign-in methods');
  }
  if (needs.roles !== undefined && !needs.roles.includes(user.role)) throw new ServerError('ERR_FORBIDDEN', 'not allowed');
  if (needs.maxAuthAgeMs !== undefined && ctx.now() - session.authTime > needs.maxAuthAgeMs) {
    throw new ServerError('ERR_STEP_UP_REQUIRED', 'confirm it is you with a second factor (or sign in again) to continue');
  }
  return { session, userId: user.id, tenantId: user.tenant_id, role: user.role, email: user.email };
}

// An OIDC access token (the CLI's device flow) stands for the session that approved it; rarer than
// a session token, so it keeps the ordinary two lookups.
async function accessTokenCaller(ctx: ServerContext, token: string): Promise<ResolvedCaller | undefined> {
  const session: Session | undefined = await sessionForAccessToken(ctx, token);
  if (session === undefined) return undefined;
  const user = await ctx.db.selectFrom('users').select(['id', 'tenant_id', 'role', 'status', 'email'])
    .where('id', '=', session.userId).where('tenant_id', '=', session.tenantId).executeTakeFirst();
  return { session, user: user ?? null };
}
