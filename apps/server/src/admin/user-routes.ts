/**
 * `/api/admin/users`: list, create, read and edit the users of the caller's tenant. Admins
 * create users and change roles and status; helpdesk reads. An admin cannot change their own
 * role or status (no accidental self-lockout, no last-admin demotion by mistake), and disabling
 * a user ends all their sessions and OIDC grants at once.
 *
 * @module
 */
import type { FastifyPluginAsync } from 'fastify';
import { recordAudit } from '../audit/record.js';
import { revokeUserSessions } from '../auth/sessions.js';
import type { ServerContext } from '../context.js';
import { ServerError } from '../errors.js';
import { revokeUserGrants } from '../oidc/revoke.js';
import { toUserJson } from '../users/json.js';
import { listUsers } from '../users/list.js';
import { createUser, updateUser, type Role, type UserChange } from '../users/users.js';
import { ADMINS, findTarget, requireStaff } from './guard.js';
import { displayNameSchema, emailSchema, intParam, passwordSchema, queryInteger, roleSchema, userIdParams } from './schemas.js';

const listQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { email: emailSchema, q: { type: 'string', maxLength: 200 }, limit: queryInteger, after: emailSchema },
} as const;

const createBody = {
  type: 'object',
  additionalProperties: false,
  required: ['email', 'displayName'],
  properties: { email: emailSchema, displayName: displayNameSchema, role: roleSchema, password: passwordSchema },
} as const;

const patchBody = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: { displayName: displayNameSchema, role: roleSchema, status: { type: 'string', enum: ['active', 'disabled'] } },
} as const;

interface ListQuery { email?: string; q?: string; limit?: string; after?: string }
interface CreateBody { email: string; displayName: string; role?: Role; password?: string }

/** The user routes. */
export function userAdminRoutes(ctx: ServerContext): FastifyPluginAsync {
  // eslint-disable-next-line @typescript-eslint/require-await -- Fastify plugins are async functions
  return async (app) => {
    app.get<{ Querystring: ListQuery }>('/api/admin/users', { schema: { querystring: listQuery } }, async (request) => {
      const caller = await requireStaff(ctx, request);
      const { email, q, after } = request.query;
      const page = await listUsers(ctx, caller.tenantId, {
        limit: intParam(request.query.limit, 50, 1, 200),
        ...(email === undefined ? {} : { email }), ...(q === undefined ? {} : { q }), ...(after === undefined ? {} : { after }),
      });
      return { users: page.users.map(toUserJson), ...(page.next === undefined ? {} : { next: page.next }) };
    });

    app.post<{ Body: CreateBody }>('/api/admin/users', { schema: { body: createBody } }, async (request, reply) => {
      const caller = await requireStaff(ctx, request, ADMINS);
      const { email, displayName, role, password } = request.body;
      const user = await createUser(ctx, { tenantId: caller.tenantId, email, displayName, role: role ?? 'user', ...(password === undefined ? {} : { password }) }, { userId: caller.userId, ip: request.ip });
      return reply.status(201).send(toUserJson(user));
    });

    app.get<{ Params: { id: string } }>('/api/admin/users/:id', { schema: { params: userIdParams } }, async (request) => {
      const caller = await requireStaff(ctx, request);
      return toUserJson(await findTarget(ctx, caller, request.params.id));
    });

    app.patch<{ Params: { id: string }; Body: UserChange }>('/api/admin/users/:id', { schema: { params: userIdParams, body: patchBody } }, async (request) => {
      const caller = await requireStaff(ctx, request, ADMINS);
      const target = await findTarget(ctx, caller, request.params.id);
      const change = request.body;
      if (target.id === caller.userId && (change.role !== undefined || change.status !== undefined)) {
        throw new ServerError('ERR_FORBIDDEN', 'you cannot change your own role or status');
      }
      const updated = await updateUser(ctx, caller.tenantId, target.id, change);
      if (updated === undefined) throw new ServerError('ERR_NOT_FOUND', 'no such user');
      if (change.status === 'disabled' && target.status !== 'disabled') {
        await revokeUserSessions(ctx, caller.tenantId, target.id);
        await revokeUserGrants(ctx, caller.tenantId, target.id);
      }
      await recordAudit(ctx, { tenantId: caller.tenantId, action: 'admin.user.update', actorUserId: caller.userId, targetUserId: target.id, ip: request.ip, detail: { ...change } });
      return toUserJson(updated);
    });
  };
}
