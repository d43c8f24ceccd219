/**
 * Account recovery and containment: MFA reset ("require re-registration"), ending every
 * session, and releasing a throttled sign-in.
 *
 * MFA reset follows security.md S20: the operator must have signed in within the last 10
 * minutes (step-up); the user is told first (so the notice still reaches every verified email
 * method before those are deleted); then every method is removed, a live TAP and every push
 * device revoked, and every session and OIDC grant ended. The reset never sets a factor or password for the user — they
 * register new methods themselves (with a TAP the operator issues separately). Who, when, why
 * and the ticket are written to the audit log.
 *
 * @module
 */
import type { FastifyPluginAsync } from 'fastify';
import { recordAudit } from '../audit/record.js';
import { revokeUserSessions } from '../auth/sessions.js';
import type { ServerContext } from '../context.js';
import { listDevices, revokeDevice } from '../devices/devices.js';
import { isServerError, ServerError } from '../errors.js';
import { removeAllMethods } from '../factors/methods.js';
import { findGuest } from '../guests/guests.js';
import { revokeTap } from '../factors/tap.js';
import { notifyUser } from '../notify/notifications.js';
import { revokeUserGrants } from '../oidc/revoke.js';
import { unlockSubject } from '../throttle/throttle.js';
import { findActionTarget, requireStaff, STEP_UP_MS } from './guard.js';
import { emptyBody, emptyBodyAsObject, userIdParams } from './schemas.js';

const resetBody = {
  type: 'object',
  additionalProperties: false,
  required: ['reason'],
  properties: { reason: { type: 'string', minLength: 3, maxLength: 500 }, ticket: { type: 'string', minLength: 1, maxLength: 100 } },
} as const;

// Push devices are second factors too: a reset leaves none behind.
async function revokeAllDevices(ctx: ServerContext, tenantId: string, userId: string, actorUserId: string, ip: string): Promise<number> {
  let revoked = 0;
  for (const device of await listDevices(ctx, tenantId, userId)) {
    try {
      await revokeDevice(ctx, { tenantId, userId, deviceId: device.id, actorUserId, ip });
      revoked += 1;
    } catch (error) {
      // Revoked meanwhile by its user: already the outcome we want.
      if (!isServerError(error, 'ERR_NOT_FOUND')) throw error;
    }
  }
  return revoked;
}

/** The MFA reset, session revocation and unlock routes. */
export function accountAdminRoutes(ctx: ServerContext): FastifyPluginAsync {
  // eslint-disable-next-line @typescript-eslint/require-await -- Fastify plugins are async functions
  return async (app) => {
    app.post<{ Params: { id: string }; Body: { reason: string; ticket?: string } }>('/api/admin/users/:id/reset-mfa', { schema: { params: userIdParams, body: resetBody } }, async (request) => {
      const caller = await requireStaff(ctx, request, undefined, STEP_UP_MS);
      const target = await findActionTarget(ctx, caller, request.params.id);
      const { reason, ticket } = request.body;
      const tenantId = caller.tenantId;
      await notifyUser(ctx, { tenantId, userId: target.id }, 'mfa.reset', ticket === undefined ? {} : { ticket });
      const methodsRemoved = await removeAllMethods(ctx, { tenantId, userId: target.id, actorUserId: caller.userId, ip: request.ip });
      const sessionsRevoked = await revokeUserSessions(ctx, tenantId, target.id);
      const grantsRevoked = await revokeUserGrants(ctx, tenantId, target.id);
      const tapRevoked = await revokeTap(ctx, { tenantId, userId: target.id, actorUserId: caller.userId, ip: request.ip });
      const devicesRevoked = await revokeAllDevices(ctx, tenantId, target.id, caller.userId, request.ip);
      const result = { methodsRemoved, devicesRevoked, sessionsRevoked, grantsRevoked, tapRevoked };
      await recordAudit(ctx, { tenantId, action: 'admin.mfa.reset', actorUserId: caller.userId, targetUserId: target.id, ip: request.ip, detail: { reason, ticket: ticket ?? null, ...result } });
      return result;
    });

    app.post<{ Params: { id: string } }>('/api/admin/users/:id/revoke-sessions', { schema: { params: userIdParams, body: emptyBody }, preValidation: emptyBodyAsObject }, async (request) => {
      const caller = await requireStaff(ctx, request);
      const target = await findActionTarget(ctx, caller, request.params.id);
      const sessionsRevoked = await revokeUserSessions(ctx, caller.tenantId, target.id);
      const grantsRevoked = await revokeUserGrants(ctx, caller.tenantId, target.id);
      await recordAudit(ctx, { tenantId: caller.tenantId, action: 'admin.sessions.revoke', actorUserId: caller.userId, targetUserId: target.id, ip: request.ip, detail: { sessionsRevoked, grantsRevoked } });
      await notifyUser(ctx, { tenantId: caller.tenantId, userId: target.id }, 'sessions.revoked');
      return { sessionsRevoked, grantsRevoked };
    });

    app.post<{ Params: { id: string } }>('/api/admin/users/:id/unlock', { schema: { params: userIdParams, body: emptyBody }, preValidation: emptyBodyAsObject }, async (request) => {
      const caller = await requireStaff(ctx, request);
      const target = await findActionTarget(ctx, caller, request.params.id);
      // A guest signs in with their home account's name: only the home organisation may release it.
      if (await findGuest(ctx, caller.tenantId, target.id) !== undefined) throw new ServerError('ERR_FORBIDDEN', 'a guest\'s sign-in is released by their home organisation');
      await unlockSubject(ctx, target.email);
      await recordAudit(ctx, { tenantId: caller.tenantId, action: 'admin.throttle.unlock', actorUserId: caller.userId, targetUserId: target.id, ip: request.ip });
      return { unlocked: true };
    });
  };
}
