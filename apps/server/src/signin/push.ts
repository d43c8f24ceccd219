/**
 * Push approval as the sign-in pages use it. After the password, a person with a live
 * authenticator device gets "approve on your authenticator" first: a push bound to this very
 * sign-in attempt, whose two-digit number the page shows and the person types on the device.
 * The page never holds the approval id or number in the browser: both are read back from the
 * attempt's newest approval, so a reload shows the same push instead of sending another.
 *
 * The app named on the device is decided here, from the OIDC client of the interaction the
 * sign-in belongs to (its registered `client_name`), never from anything the browser sent.
 *
 * Failures follow the sign-in rules: a denied, reported or expired push counts as a failed
 * second factor in the throttle (a wrong number was counted already when the device answered),
 * and the attempt ends, so each password buys one push.
 *
 * @module
 */
import { consumeApproval, createApproval, hasPushDevice, isPushLocked, outcomeOf, type ApprovalOutcome } from '../approvals/index.js';
import { recordAudit } from '../audit/record.js';
import type { ServerContext } from '../context.js';
import { findInteraction } from '../oidc/adapter.js';
import { configuredClients } from '../oidc/clients.js';
import { recordFailure } from '../throttle/index.js';
import { normaliseEmail } from '../users/index.js';
import type { Attempt } from './attempts.js';

/** What the device shows as the app when the sign-in is Tessera's own. */
export const DEFAULT_PUSH_APP = 'Tessera';

/** The attempt's newest push, as the page needs it. */
export interface AttemptPush {
  readonly approvalId: string;
  readonly number: string;
  readonly expiresAt: number;
  readonly outcome: ApprovalOutcome;
  /** True when the device answered with a wrong number (already counted as a failure). */
  readonly wrongNumber: boolean;
}

/** Whether the attempt's user can be sent a push now: a live device and no lock. */
export async function pushAvailable(ctx: ServerContext, attempt: Attempt): Promise<boolean> {
  return (await hasPushDevice(ctx, attempt.tenantId, attempt.userId)) && !(await isPushLocked(ctx, attempt.tenantId, attempt.userId));
}

/** The `client_name` of the OIDC client behind interaction `uid`, or {@link DEFAULT_PUSH_APP}. */
export async function pushAppName(ctx: ServerContext, interactionUid: string | null): Promise<string> {
  if (interactionUid === null) return DEFAULT_PUSH_APP;
  const clientId = (await findInteraction(ctx, interactionUid))?.params['client_id'];
  const client = typeof clientId === 'string' ? configuredClients(ctx.config).find((c) => c.client_id === clientId) : undefined;
  const name = client?.['client_name'];
  return typeof name === 'string' && name.trim() !== '' ? name : DEFAULT_PUSH_APP;
}

/**
 * Sends a push for the attempt; throws `ERR_PUSH_LOCKED`, `ERR_PUSH_CAPPED` or `ERR_NO_DEVICE`
 * (see `createApproval`).
 */
export async function sendSignInPush(ctx: ServerContext, attempt: Attempt, ip: string): Promise<void> {
  await createApproval(ctx, {
    tenantId: attempt.tenantId, userId: attempt.userId, signInAttemptId: attempt.id, app: await pushAppName(ctx, attempt.interactionUid), ip,
  });
}

/** The attempt's newest push, or undefined when none was sent. */
export async function latestPush(ctx: ServerContext, attempt: Attempt): Promise<AttemptPush | undefined> {
  const row = await ctx.db.selectFrom('push_approvals').select(['id', 'number', 'expires_at', 'status'])
    .where('tenant_id', '=', attempt.tenantId).where('sign_in_attempt_id', '=', attempt.id)
    .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
  if (row === undefined) return undefined;
  return { approvalId: row.id, number: row.number, expiresAt: row.expires_at, outcome: outcomeOf(row, ctx.now()), wrongNumber: row.status === 'failed' };
}

/** Spends an approved push on this attempt: true exactly once. */
export async function spendPush(ctx: ServerContext, attempt: Attempt, push: AttemptPush): Promise<boolean> {
  return consumeApproval(ctx, { tenantId: attempt.tenantId, approvalId: push.approvalId, signInAttemptId: attempt.id });
}

/** Records a push that did not sign the person in (and counts it, unless already counted). */
export async function failPush(ctx: ServerContext, attempt: Attempt, push: AttemptPush | undefined, ip: string): Promise<void> {
  const reason = push === undefined ? 'push_missing' : push.wrongNumber ? 'push_wrong_number' : `push_${push.outcome}`;
  // A wrong number was counted when the device answered; an approval already spent is no guess.
  const count = push !== undefined && !push.wrongNumber && push.outcome !== 'approved';
  if (count) {
    const user = await ctx.db.selectFrom('users').select('email').where('tenant_id', '=', attempt.tenantId).where('id', '=', attempt.userId).executeTakeFirst();
    await recordFailure(ctx, user === undefined ? attempt.userId : normaliseEmail(user.email));
  }
  await recordAudit(ctx, {
    tenantId: attempt.tenantId, action: 'sign_in.failure', actorUserId: attempt.userId, targetUserId: attempt.userId, ip,
    detail: { reason, ...(push === undefined ? {} : { approvalId: push.approvalId }) },
  });
}
