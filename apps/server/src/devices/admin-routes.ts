/**
 * Admin view of a user's authenticators, under `/api/admin` (tenant = the caller's, from their
 * session; a user of another tenant is simply not found):
 * - `GET    /api/admin/users/:id/devices` → `{ devices, pushLocked }` (admin, helpdesk);
 * - `DELETE /api/admin/users/:id/devices/:deviceId` → 204: revoke a lost device — its streams
 *   close and its approvals stop working at once (audited `admin.device.revoke`, user emailed);
 * - `POST   /api/admin/users/:id/push-unlock` → `{ unlocked }`: lift the push lock after a
 *   "this wasn't me" has been reviewed (audited `admin.push.unlock`).
 * Helpdesk operators may read anyone's devices but act only on ordinary users, as elsewhere in
 * the admin API: acting on an admin's authenticators would be a step towards taking the account.
 *
 * @module
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { isPushLocked, unlockPush } from '../approvals/lock.js';
import { requirePrincipal, type Principal } from '../auth/principal.js';
import type { ServerContext } from '../context.js';
import { ServerError } from '../errors.js';
import { getUser } from '../users/index.js';
import { listDevices, revokeDevice } from './devices.js';

const STAFF: readonly Principal['role'][] = ['admin', 'helpdesk'];

const id = { type: 'string', minLength: 1, maxLength: 64 } as const;
const userParams = { type: 'object', additionalProperties: false, required: ['id'], properties: { id } } as const;
const deviceParams = { type: 'object', additionalProperties: false, required: ['id', 'deviceId'], properties: { id, deviceId: id } } as const;
const emptyBody = { type: 'object', additionalProperties: false, properties: {} } as const;

async function target(ctx: ServerContext, request: FastifyRequest, userId: string, acting: boolean): Promise<{ caller: Principal; userId: string }> {
  const caller = await requirePrincipal(ctx, request, { roles: STAFF });
  const user = await getUser(ctx, caller.tenantId, userId);
  if (user === undefined) throw new ServerError('ERR_NOT_FOUND', 'no such user');
  if (acting && caller.role === 'helpdesk' && user.role !== 'user') throw new ServerError('ERR_FORBIDDEN', 'helpdesk may only act on ordinary users');
  return { caller, userId: user.id };
}

/**
 * Admin routes for devices and the push lock; register with `app.register(deviceAdminRoutes(ctx))`.
 *
 * @example
 * ```ts
 * await app.register(deviceAdminRoutes(ctx));
 * ```
 */
export function deviceAdminRoutes(ctx: ServerContext): FastifyPluginAsync {
  // eslint-disable-next-line @typescript-eslint/require-await -- Fastify plugins are async functions
  return async (app) => {
    app.get<{ Params: { id: string } }>('/api/admin/users/:id/devices', { schema: { params: userParams } }, async (request) => {
      const { caller, userId } = await target(ctx, request, request.params.id, false);
      return { devices: await listDevices(ctx, caller.tenantId, userId), pushLocked: await isPushLocked(ctx, caller.tenantId, userId) };
    });

    app.delete<{ Params: { id: string; deviceId: string } }>('/api/admin/users/:id/devices/:deviceId', { schema: { params: deviceParams } }, async (request, reply) => {
      const { caller, userId } = await target(ctx, request, request.params.id, true);
      await revokeDevice(ctx, { tenantId: caller.tenantId, userId, deviceId: request.params.deviceId, actorUserId: caller.userId, ip: request.ip });
      return reply.status(204).send();
    });

    app.post<{ Params: { id: string } }>('/api/admin/users/:id/push-unlock', { schema: { params: userParams, body: emptyBody } }, async (request) => {
      const { caller, userId } = await target(ctx, request, request.params.id, true);
      return { unlocked: await unlockPush(ctx, { tenantId: caller.tenantId, userId, actorUserId: caller.userId, ip: request.ip }) };
    });
  };
}
