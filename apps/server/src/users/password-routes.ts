/**
 * `POST /api/me/password`: a user sets or changes their own password.
 *
 * A user onboarded with a Temporary Access Pass has no password yet and sets the first one from
 * their TAP session (the route allows TAP sessions for exactly that). Once a password exists,
 * changing it always needs the current one — from a full session or a TAP session alike — so a
 * TAP alone can never replace someone's password, and a stolen session cannot lock its owner
 * out. Wrong current passwords count against the same per-account throttle as sign-in. After a
 * change every other session of the user ends, the user is notified and the change is audited.
 *
 * @module
 */
import type { FastifyPluginAsync } from 'fastify';
import { recordAudit } from '../audit/record.js';
import { requirePrincipal } from '../auth/principal.js';
import { revokeUserSessions } from '../auth/sessions.js';
import type { ServerContext } from '../context.js';
import { ServerError } from '../errors.js';
import { findGuest } from '../guests/guests.js';
import { notifyUser } from '../notify/notifications.js';
import { verifyPassword } from '../passwords/hash.js';
import { assertNotThrottled, recordFailure, recordSuccess } from '../throttle/throttle.js';
import { getUser, setPassword } from './users.js';

const body = {
  type: 'object',
  additionalProperties: false,
  required: ['newPassword'],
  properties: { currentPassword: { type: 'string', minLength: 1, maxLength: 1024 }, newPassword: { type: 'string', minLength: 1, maxLength: 1024 } },
} as const;

async function checkCurrent(ctx: ServerContext, email: string, phc: string, current: string | undefined): Promise<void> {
  if (current === undefined) throw new ServerError('ERR_VALIDATION', 'currentPassword is required to change a password');
  await assertNotThrottled(ctx, email);
  const { ok } = await verifyPassword(ctx, phc, current);
  if (!ok) {
    await recordFailure(ctx, email);
    throw new ServerError('ERR_SIGN_IN_FAILED', 'the current password is not right');
  }
  await recordSuccess(ctx, email);
}

/** The password route. */
export function passwordRoutes(ctx: ServerContext): FastifyPluginAsync {
  // eslint-disable-next-line @typescript-eslint/require-await -- Fastify plugins are async functions
  return async (app) => {
    app.post<{ Body: { currentPassword?: string; newPassword: string } }>('/api/me/password', { schema: { body } }, async (request, reply) => {
      const caller = await requirePrincipal(ctx, request, { allowTap: true });
      const user = await getUser(ctx, caller.tenantId, caller.userId);
      if (user === undefined) throw new ServerError('ERR_UNAUTHENTICATED', 'sign in first');
      // A guest signs in with their home account's password; one of their own here could never be used.
      if (await findGuest(ctx, caller.tenantId, caller.userId) !== undefined) throw new ServerError('ERR_FORBIDDEN', 'guests change their password at their home organisation');
      const first = user.password_hash === null;
      if (user.password_hash !== null) await checkCurrent(ctx, user.email, user.password_hash, request.body.currentPassword);
      await setPassword(ctx, caller.tenantId, caller.userId, request.body.newPassword);
      const sessionsEnded = await revokeUserSessions(ctx, caller.tenantId, caller.userId, { except: caller.session.id });
      await recordAudit(ctx, { tenantId: caller.tenantId, action: 'password.change', actorUserId: caller.userId, targetUserId: caller.userId, ip: request.ip, detail: { first, viaTap: caller.session.tapId !== null, sessionsEnded } });
      await notifyUser(ctx, { tenantId: caller.tenantId, userId: caller.userId }, 'password.changed');
      return reply.status(204).send();
    });
  };
}
