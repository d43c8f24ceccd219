/**
 * The first admin's registration session. Right after setup the new admin has a password but
 * no second factor, and nobody exists who could issue them a Temporary Access Pass (a pass is
 * never issued to oneself). So the setup form, which proved possession of the one-time setup
 * link printed to the operator's terminal, opens a session exactly like a TAP session: backed by
 * an already-used one-time pass that lives one hour, good only for registering sign-in methods
 * and ending with the pass. Everything registered in it is flagged as registered with a TAP.
 *
 * @module
 */
import { recordAudit } from '../audit/record.js';
import { createSession } from '../auth/sessions.js';
import type { ServerContext } from '../context.js';
import { hashToken, newId, randomToken } from '../crypto/tokens.js';

/** How long the first admin has to register a method from the setup page. */
export const SETUP_SESSION_MS = 60 * 60_000;

/** Opens the registration-only session; returns its bearer token and expiry. */
export async function startSetupSession(ctx: ServerContext, input: { tenantId: string; userId: string; ip: string | null; userAgent: string | null }): Promise<{ token: string; expiresAt: number }> {
  const now = ctx.now();
  const tapId = newId();
  const expiresAt = now + SETUP_SESSION_MS;
  // The pass itself is never shown to anyone: it exists only to scope and end the session.
  await ctx.db.insertInto('taps').values({
    id: tapId, tenant_id: input.tenantId, user_id: input.userId, pass_hash: hashToken(randomToken(32)), one_time: 1,
    created_by: input.userId, created_at: now, expires_at: expiresAt, used_at: now, revoked_at: null,
  }).execute();
  const { token } = await createSession(ctx, { tenantId: input.tenantId, userId: input.userId, amr: ['setup', 'pwd'], tapId, notAfter: expiresAt, ip: input.ip, userAgent: input.userAgent });
  await recordAudit(ctx, { tenantId: input.tenantId, action: 'setup.session', actorUserId: input.userId, targetUserId: input.userId, ip: input.ip, detail: { expiresAt } });
  return { token, expiresAt };
}
