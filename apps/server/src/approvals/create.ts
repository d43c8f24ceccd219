/**
 * Sending a push: the sign-in page, after a correct password, asks the user's authenticators to
 * approve this one sign-in. The approval is bound to the sign-in attempt, carries two random
 * digits the page shows and the user types into the authenticator (number matching, so a tap on
 * "approve" alone approves nothing), and a random nonce the device's signature covers.
 *
 * Limits (security.md S17): no push while the account is locked after "this wasn't me"; at most
 * `maxPerWindow` pushes per window since the last successful approval (a refused push is audited
 * as `push.capped`: a flood means someone holds the password). Sending a push never
 * touches the failure count of the sign-in throttle (S15: issuing a new push never resets it).
 * The count and the insert run under a per-user row lock on PostgreSQL (SQLite serialises
 * transactions anyway), so a burst of parallel sign-ins cannot slip past the cap.
 *
 * @module
 */
import { sql, type Transaction } from 'kysely';
import { recordAudit } from '../audit/record.js';
import type { ServerContext } from '../context.js';
import { hashToken, newId, randomDigits, randomToken } from '../crypto/tokens.js';
import type { Database, PushApprovalsTable } from '../db/schema.js';
import { hasPushDevice } from '../devices/devices.js';
import { isServerError, ServerError } from '../errors.js';
import { userChannel } from './channels.js';
import { isPushLocked } from './lock.js';
import { getPushPolicy, type PushPolicy } from './policy.js';

/** What {@link createApproval} needs. */
export interface CreateApprovalInput {
  readonly tenantId: string;
  readonly userId: string;
  /** The sign-in attempt this approval may complete, and no other. */
  readonly signInAttemptId: string;
  /** What the user is signing in to, shown on the device (e.g. the OIDC client's name). */
  readonly app: string;
  readonly ip?: string | null;
}

/** A push just sent. */
export interface CreatedApproval {
  readonly approvalId: string;
  /** Two digits to show on the sign-in page; the user types them into the authenticator. */
  readonly number: string;
  readonly expiresAt: number;
  /**
   * Bearer token for `POST /api/approvals/:id/wait`, handed to this sign-in only (stored as a
   * digest). Shown once.
   */
  readonly waitToken: string;
}

async function lockUserRow(trx: Transaction<Database>, ctx: ServerContext, input: CreateApprovalInput): Promise<void> {
  if (ctx.dialect !== 'postgres') return;
  await sql`select id from users where tenant_id = ${input.tenantId} and id = ${input.userId} for update`.execute(trx);
}

async function assertUnderCap(trx: Transaction<Database>, ctx: ServerContext, input: CreateApprovalInput, policy: PushPolicy): Promise<void> {
  const now = ctx.now();
  const lastSuccess = await trx.selectFrom('push_approvals').select((eb) => eb.fn.max('decided_at').as('at'))
    .where('tenant_id', '=', input.tenantId).where('user_id', '=', input.userId).where('status', '=', 'approved').executeTakeFirst();
  const since = Math.max(now - policy.windowMinutes * 60_000, lastSuccess?.at ?? 0);
  const recent = await trx.selectFrom('push_approvals').select('created_at')
    .where('tenant_id', '=', input.tenantId).where('user_id', '=', input.userId).where('created_at', '>', since)
    .orderBy('created_at').limit(policy.maxPerWindow).execute();
  if (recent.length < policy.maxPerWindow) return;
  const oldest = recent[0]?.created_at ?? now;
  const retryAfterSeconds = Math.max(1, Math.ceil((oldest + policy.windowMinutes * 60_000 - now) / 1000));
  throw new ServerError('ERR_PUSH_CAPPED', 'too many sign-in requests were sent to your authenticator; use another method or wait', { details: { retryAfterSeconds } });
}

function newRow(ctx: ServerContext, input: CreateApprovalInput, policy: PushPolicy, waitToken: string): PushApprovalsTable {
  const now = ctx.now();
  return {
    id: newId(), tenant_id: input.tenantId, user_id: input.userId, sign_in_attempt_id: input.signInAttemptId,
    wait_token_hash: hashToken(waitToken), number: randomDigits(2), nonce: randomToken(32), app: input.app.slice(0, 100), ip: input.ip ?? null,
    status: 'pending', device_id: null, created_at: now, expires_at: now + policy.approvalLifetimeSeconds * 1000, decided_at: null, consumed_at: null,
  };
}

/**
 * Sends a push for one sign-in. Throws `ERR_PUSH_LOCKED` (after "this wasn't me", until an admin
 * unlocks), `ERR_NO_DEVICE` (no live authenticator) or `ERR_PUSH_CAPPED` (details
 * `{ retryAfterSeconds }`).
 *
 * @example
 * ```ts
 * const { approvalId, number, expiresAt, waitToken } = await createApproval(ctx, { tenantId, userId, signInAttemptId: attempt.id, app: 'Payroll', ip: request.ip });
 * ```
 */
export async function createApproval(ctx: ServerContext, input: CreateApprovalInput): Promise<CreatedApproval> {
  const policy = await getPushPolicy(ctx, input.tenantId);
  const waitToken = randomToken(32);
  let row: PushApprovalsTable;
  try {
    row = await insertUnderLimits(ctx, input, policy, waitToken);
  } catch (error) {
    // A flood is someone holding the password: admins see it in the audit log.
    if (isServerError(error, 'ERR_PUSH_CAPPED')) {
      await recordAudit(ctx, { tenantId: input.tenantId, action: 'push.capped', actorUserId: input.userId, targetUserId: input.userId, ip: input.ip ?? null, detail: { maxPerWindow: policy.maxPerWindow } });
    }
    throw error;
  }
  await ctx.events.publish(userChannel(input.userId), { approvalId: row.id });
  return { approvalId: row.id, number: row.number, expiresAt: row.expires_at, waitToken };
}

function insertUnderLimits(ctx: ServerContext, input: CreateApprovalInput, policy: PushPolicy, waitToken: string): Promise<PushApprovalsTable> {
  return ctx.db.transaction().execute(async (trx) => {
    await lockUserRow(trx, ctx, input);
    if (await isPushLocked(ctx, input.tenantId, input.userId, trx)) {
      throw new ServerError('ERR_PUSH_LOCKED', 'sign-in requests to your authenticator are paused until your IT team reviews the account; use another method');
    }
    if (!(await hasPushDevice({ db: trx }, input.tenantId, input.userId))) throw new ServerError('ERR_NO_DEVICE', 'no authenticator is registered for push approval');
    await assertUnderCap(trx, ctx, input, policy);
    const created = newRow(ctx, input, policy, waitToken);
    await trx.insertInto('push_approvals').values(created).execute();
    await recordAudit(ctx, { tenantId: input.tenantId, action: 'push.send', actorUserId: input.userId, targetUserId: input.userId, ip: input.ip ?? null, detail: { approvalId: created.id, app: created.app } }, trx);
    return created;
  });
}
