/**
 * A device answers a push: approve (with the number typed from the sign-in page), deny, or
 * report ("this wasn't me"). Every answer carries a proof signed by the device key over the
 * approval's id and nonce (see `proof.ts`), and is accepted only while the approval is pending
 * and unexpired and the device is live — all checked again inside one conditional UPDATE, so a
 * device revoked a moment earlier, a second answer racing the first, or an approval expiring
 * meanwhile, never approves anything.
 *
 * Each refusal has its own code: `ERR_APPROVAL_NOT_FOUND` (unknown, or another user's: the same
 * answer, so ids reveal nothing), `ERR_APPROVAL_PROOF_INVALID`, `ERR_APPROVAL_REPLAYED` (a proof
 * made for another approval), `ERR_APPROVAL_DECIDED`, `ERR_APPROVAL_EXPIRED`,
 * `ERR_DEVICE_REVOKED`, `ERR_APPROVAL_NUMBER_MISMATCH`. A wrong number fails the approval and
 * counts as a failure on the account in the sign-in throttle (security.md 2b item 21). A report
 * denies, locks pushes for the account until an admin unlocks, is audited, emails the user and
 * raises an alert.
 *
 * The answer is latency-bound (a sign-in page is waiting), so it commits once: the device
 * token's single use, the conditional UPDATE, the audit line and the NOTIFY that wakes the
 * sign-in (on any instance; PostgreSQL delivers it at commit) share one transaction. A refusal
 * still spends the token first, and a token used before is refused as `ERR_DEVICE_TOKEN_INVALID`.
 *
 * @module
 */
import type { Kysely, Transaction } from 'kysely';
import { recordAudit } from '../audit/record.js';
import type { ServerContext } from '../context.js';
import { safeEqual } from '../crypto/tokens.js';
import type { Database, PushApprovalsTable, PushApprovalStatus } from '../db/schema.js';
import type { ActiveDevice } from '../devices/devices.js';
import { ServerError } from '../errors.js';
import { publishOnCommit } from '../events/bus.js';
import { notifyUser } from '../notify/notifications.js';
import { recordFailure } from '../throttle/index.js';
import { normaliseEmail } from '../users/index.js';
import { approvalChannel, userChannel } from './channels.js';
import { lockPush } from './lock.js';
import { verifyApprovalProof, type ApprovalDecision } from './proof.js';

/** What {@link decideApproval} needs. */
export interface DecideApprovalInput {
  /** The authenticated device answering. */
  readonly device: ActiveDevice;
  readonly approvalId: string;
  readonly decision: ApprovalDecision;
  /** The number typed by the user (required to approve). */
  readonly number?: string | null;
  /** Compact JWS by the device key over `{ approvalId, decision, number, nonce, iat }`. */
  readonly proof: string;
  readonly ip?: string | null;
  /**
   * Records the device token's single use (`authenticateDeviceDeferred`): inside the decision's
   * transaction, or on its own before any refusal is answered. Absent when the caller already
   * spent the token.
   */
  readonly spendToken?: ((db: Kysely<Database>) => Promise<void>) | undefined;
}

/** How far a proof's `iat` may be from the server's clock. */
const PROOF_SKEW_MS = 5 * 60_000 + 30_000;

const STATUS_OF: Readonly<Record<ApprovalDecision, PushApprovalStatus>> = { approve: 'approved', deny: 'denied', report: 'reported' };

async function approvalOfDevice(ctx: ServerContext, input: DecideApprovalInput): Promise<PushApprovalsTable> {
  const row = await ctx.db.selectFrom('push_approvals').selectAll()
    .where('id', '=', input.approvalId).where('tenant_id', '=', input.device.tenantId).executeTakeFirst();
  if (row?.user_id !== input.device.userId) throw new ServerError('ERR_APPROVAL_NOT_FOUND', 'no such approval');
  return row;
}

async function checkProof(ctx: ServerContext, input: DecideApprovalInput, row: PushApprovalsTable): Promise<void> {
  const claims = await verifyApprovalProof(input.device.jwk, input.proof);
  if (claims.approvalId !== row.id || !safeEqual(claims.nonce, row.nonce)) {
    throw new ServerError('ERR_APPROVAL_REPLAYED', 'the proof was made for another approval');
  }
  if (claims.decision !== input.decision || claims.number !== (input.number ?? null)) {
    throw new ServerError('ERR_APPROVAL_PROOF_INVALID', 'the approval proof is not valid: it does not match the answer');
  }
  if (Math.abs(claims.iat * 1000 - ctx.now()) > PROOF_SKEW_MS) throw new ServerError('ERR_APPROVAL_PROOF_INVALID', 'the approval proof is not valid: iat is too far from now');
}

function assertOpen(ctx: ServerContext, row: Pick<PushApprovalsTable, 'status' | 'expires_at'>): void {
  if (row.status !== 'pending') throw new ServerError('ERR_APPROVAL_DECIDED', 'this approval was already answered');
  if (ctx.now() >= row.expires_at) throw new ServerError('ERR_APPROVAL_EXPIRED', 'this approval has expired');
}

// The conditional UPDATE: pending, unexpired and a live device, all at the moment of writing.
async function settle(trx: Transaction<Database>, ctx: ServerContext, input: DecideApprovalInput, status: PushApprovalStatus): Promise<boolean> {
  const now = ctx.now();
  const result = await trx.updateTable('push_approvals').set({ status, device_id: input.device.id, decided_at: now })
    .where('id', '=', input.approvalId).where('tenant_id', '=', input.device.tenantId).where('user_id', '=', input.device.userId)
    .where('status', '=', 'pending').where('expires_at', '>', now)
    .where((eb) => eb.exists(eb.selectFrom('devices').select('devices.id').where('devices.id', '=', input.device.id).where('devices.revoked_at', 'is', null)))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

// Why the conditional UPDATE matched nothing.
async function refusal(ctx: ServerContext, input: DecideApprovalInput): Promise<ServerError> {
  const device = await ctx.db.selectFrom('devices').select('revoked_at').where('id', '=', input.device.id).where('tenant_id', '=', input.device.tenantId).executeTakeFirst();
  if (device?.revoked_at !== null) return new ServerError('ERR_DEVICE_REVOKED', 'this device was removed from the account; register it again');
  const row = await approvalOfDevice(ctx, input);
  try {
    assertOpen(ctx, row);
  } catch (error) {
    return error as ServerError;
  }
  return new ServerError('ERR_APPROVAL_DECIDED', 'this approval was already answered');
}

function announcements(input: DecideApprovalInput) {
  return [
    { channel: approvalChannel(input.approvalId), payload: { decided: true } },
    { channel: userChannel(input.device.userId), payload: { approvalId: input.approvalId } },
  ];
}

/**
 * The decision commits in one transaction with the device token's single use, its audit line (and
 * for a report, the push lock) and the NOTIFY that wakes the waiting sign-in on any instance
 * (delivered at commit). Calls `spent` once the token's use is committed.
 */
async function decideOnce(ctx: ServerContext, input: DecideApprovalInput, status: PushApprovalStatus, spent: () => void, reason?: string): Promise<void> {
  const { device } = input;
  const announce = await ctx.db.transaction().execute(async (trx) => {
    await input.spendToken?.(trx);
    if (!(await settle(trx, ctx, input, status))) return undefined;
    if (status === 'reported') await lockPush(ctx, { tenantId: device.tenantId, userId: device.userId, approvalId: input.approvalId }, trx);
    const action = status === 'failed' ? 'push.number_mismatch' : `push.${input.decision}`;
    await recordAudit(ctx, {
      tenantId: device.tenantId, action, actorUserId: device.userId, targetUserId: device.userId, ip: input.ip ?? null,
      detail: { approvalId: input.approvalId, deviceId: device.id, ...(reason === undefined ? {} : { reason }) },
    }, trx);
    return publishOnCommit(ctx.events, trx, announcements(input));
  });
  spent();
  if (announce === undefined) throw await refusal(ctx, input);
  await announce();
}

async function failOnWrongNumber(ctx: ServerContext, input: DecideApprovalInput, spent: () => void): Promise<never> {
  await decideOnce(ctx, input, 'failed', spent, 'wrong_number');
  const user = await ctx.db.selectFrom('users').select('email').where('tenant_id', '=', input.device.tenantId).where('id', '=', input.device.userId).executeTakeFirst();
  if (user !== undefined) await recordFailure(ctx, normaliseEmail(user.email));
  throw new ServerError('ERR_APPROVAL_NUMBER_MISMATCH', 'the number does not match the one shown on the sign-in page; the request was cancelled');
}

async function afterReport(ctx: ServerContext, input: DecideApprovalInput, row: PushApprovalsTable): Promise<void> {
  const { tenantId, userId } = input.device;
  ctx.log.warn({ alert: 'push.reported', tenantId, userId, approvalId: row.id, ip: row.ip }, 'a user reported a sign-in request they did not make: pushes locked');
  await notifyUser(ctx, { tenantId, userId }, 'push.reported', { app: row.app, ...(row.ip === null ? {} : { signInFrom: row.ip }) });
}

/**
 * Records a device's answer to a push; returns the approval's new status or throws one of the
 * codes listed in the module doc.
 *
 * @example
 * ```ts
 * await decideApproval(ctx, { device, approvalId, decision: 'approve', number: '42', proof });
 * ```
 */
export async function decideApproval(ctx: ServerContext, input: DecideApprovalInput): Promise<{ status: PushApprovalStatus }> {
  let tokenSpent = input.spendToken === undefined;
  try {
    return await decide(ctx, input, () => { tokenSpent = true; });
  } catch (error) {
    // Every refusal spends the token too; a token used before answers ERR_DEVICE_TOKEN_INVALID.
    if (!tokenSpent && input.spendToken !== undefined) await input.spendToken(ctx.db);
    throw error;
  }
}

async function decide(ctx: ServerContext, input: DecideApprovalInput, spent: () => void): Promise<{ status: PushApprovalStatus }> {
  if (input.decision === 'approve' && (input.number === undefined || input.number === null)) {
    throw new ServerError('ERR_VALIDATION', 'type the number shown on the sign-in page to approve');
  }
  const row = await approvalOfDevice(ctx, input);
  await checkProof(ctx, input, row);
  assertOpen(ctx, row);
  if (input.decision === 'approve' && !safeEqual(input.number ?? '', row.number)) return failOnWrongNumber(ctx, input, spent);
  const status = STATUS_OF[input.decision];
  await decideOnce(ctx, input, status, spent);
  if (status === 'reported') await afterReport(ctx, input, row);
  return { status };
}
