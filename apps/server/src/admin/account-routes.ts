/**
 * Account recovery and containment: MFA reset ("require re-registration"), ending every
 * session, and releasing a throttled sign-in.
 *
 * MFA reset follows security.md S20: the operator must have signed in within the last 10
 * minutes (step-up). The reset is all-or-nothing: every method is removed, a live TAP and every
 * push device revoked, every session and OIDC grant ended, and the audit lines written (who,
 * when, why and the ticket in `admin.mfa.reset`, with what the sub-steps record:
 * `method.remove_all`, `tap.revoke`, one `admin.device.revoke` per device) in ONE transaction —
 * a failure anywhere leaves the account exactly as it was and answers an error
 * (`ERR_INTERNAL`), and can simply be retried. Nothing leaves the server before the commit: the
 * user's addresses are read first (so the notice still reaches the verified email methods the
 * reset deletes), and once the reset has committed the revoked devices' event streams close (on
 * every instance) and the user gets one `mfa.reset` notice, which covers the devices too (no
 * "authenticator removed" message per device). A reset that rolled back sends nothing. The reset
 * never sets a factor or password for the user — they register new methods themselves (with a
 * TAP the operator issues separately).
 *
 * @module
 */
import type { FastifyPluginAsync } from 'fastify';
import { recordAudit } from '../audit/record.js';
import { revokeUserSessions } from '../auth/sessions.js';
import type { ServerContext } from '../context.js';
import { revokeUserDevices } from '../devices/devices.js';
import { ServerError } from '../errors.js';
import { removeAllMethods } from '../factors/methods.js';
import { findGuest } from '../guests/guests.js';
import { revokeTap } from '../factors/tap.js';
import { notificationRecipients, notifyUser } from '../notify/notifications.js';
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

/** What an MFA reset removed, as the route answers it and the audit line records it. */
interface ResetResult {
  readonly methodsRemoved: number;
  readonly devicesRevoked: number;
  readonly sessionsRevoked: number;
  readonly grantsRevoked: number;
  readonly tapRevoked: boolean;
}

/** Who resets whom, and why. */
interface ResetInput {
  readonly tenantId: string;
  readonly userId: string;
  readonly actorUserId: string;
  readonly ip: string;
  readonly reason: string;
  readonly ticket: string | undefined;
}

// Every write of the reset in one transaction; the announcements and the notice only after its commit.
async function resetMfa(ctx: ServerContext, input: ResetInput): Promise<ResetResult> {
  const { tenantId, userId, actorUserId, ip, reason, ticket } = input;
  const by = { tenantId, userId, actorUserId, ip };
  // Read before the methods go, so the notice still reaches every verified email method.
  const recipients = await notificationRecipients(ctx, { tenantId, userId });
  const { result, announce } = await ctx.db.transaction().execute(async (trx) => {
    const methodsRemoved = await removeAllMethods(ctx, by, trx);
    const sessionsRevoked = await revokeUserSessions(ctx, tenantId, userId, { db: trx });
    const grantsRevoked = await revokeUserGrants(ctx, tenantId, userId, trx);
    const tapRevoked = await revokeTap(ctx, by, trx);
    // Push devices are second factors too: a reset leaves none behind.
    const devices = await revokeUserDevices(ctx, by, trx);
    const result: ResetResult = { methodsRemoved, devicesRevoked: devices.revoked, sessionsRevoked, grantsRevoked, tapRevoked };
    await recordAudit(ctx, { tenantId, action: 'admin.mfa.reset', actorUserId, targetUserId: userId, ip, detail: { reason, ticket: ticket ?? null, ...result } }, trx);
    return { result, announce: devices.announce };
  });
  await announce();
  const detail = { ...(ticket === undefined ? {} : { ticket }), ...(result.devicesRevoked > 0 ? { authenticatorsRemoved: result.devicesRevoked } : {}) };
  await notifyUser(ctx, { tenantId, userId }, 'mfa.reset', detail, { recipients });
  return result;
}

/** The MFA reset, session revocation and unlock routes. */
export function accountAdminRoutes(ctx: ServerContext): FastifyPluginAsync {
  // eslint-disable-next-line @typescript-eslint/require-await -- Fastify plugins are async functions
  return async (app) => {
    app.post<{ Params: { id: string }; Body: { reason: string; ticket?: string } }>('/api/admin/users/:id/reset-mfa', { schema: { params: userIdParams, body: resetBody } }, async (request) => {
      const caller = await requireStaff(ctx, request, undefined, STEP_UP_MS);
      const target = await findActionTarget(ctx, caller, request.params.id);
      const { reason, ticket } = request.body;
      return resetMfa(ctx, { tenantId: caller.tenantId, userId: target.id, actorUserId: caller.userId, ip: request.ip, reason, ticket });
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
