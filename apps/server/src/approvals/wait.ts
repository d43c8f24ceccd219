/**
 * The sign-in side of a push: wait for the device's answer, then spend the approval on exactly
 * one sign-in. The wait subscribes to the approval's bus channel first and reads the row second,
 * so an answer given between the two is never missed; every wake-up re-reads the row, which is
 * the truth, so a lost or duplicated event can only delay an answer. Works the same when the
 * device answered another instance (PostgreSQL LISTEN/NOTIFY carries the wake-up).
 *
 * @module
 */
import type { ServerContext } from '../context.js';
import type { PushApprovalsTable } from '../db/schema.js';
import { ServerError } from '../errors.js';
import { recordSuccess } from '../throttle/index.js';
import { normaliseEmail } from '../users/index.js';
import { approvalChannel } from './channels.js';

/** Where a push stands, as the sign-in page sees it. A wrong number reads as `denied`. */
export type ApprovalOutcome = 'approved' | 'denied' | 'reported' | 'expired' | 'pending';

/** Longest single wait. */
export const MAX_AWAIT_MS = 5 * 60_000;

/** The outcome of `row` at time `now`. */
export function outcomeOf(row: Pick<PushApprovalsTable, 'status' | 'expires_at'>, now: number): ApprovalOutcome {
  switch (row.status) {
    case 'approved': return 'approved';
    case 'reported': return 'reported';
    case 'denied':
    case 'failed': return 'denied';
    case 'pending': return now >= row.expires_at ? 'expired' : 'pending';
  }
}

/** What {@link awaitApproval} needs. */
export interface AwaitApprovalInput {
  readonly tenantId: string;
  readonly approvalId: string;
  /** The sign-in attempt the approval was created for; another attempt gets `ERR_APPROVAL_NOT_FOUND`. */
  readonly signInAttemptId: string;
  /** How long to wait for an answer (capped at {@link MAX_AWAIT_MS}); 0 reads once. */
  readonly timeoutMs: number;
  /** Stops waiting early (the page went away); the current outcome is returned. */
  readonly signal?: AbortSignal;
}

async function readBound(ctx: ServerContext, input: AwaitApprovalInput): Promise<PushApprovalsTable> {
  const row = await ctx.db.selectFrom('push_approvals').selectAll()
    .where('id', '=', input.approvalId).where('tenant_id', '=', input.tenantId).where('sign_in_attempt_id', '=', input.signInAttemptId)
    .executeTakeFirst();
  if (row === undefined) throw new ServerError('ERR_APPROVAL_NOT_FOUND', 'no such approval');
  return row;
}

/**
 * Waits up to `timeoutMs` for the approval to be answered or to expire; returns its outcome
 * (`pending` when the time ran out first).
 *
 * @example
 * ```ts
 * const outcome = await awaitApproval(ctx, { tenantId, approvalId, signInAttemptId: attempt.id, timeoutMs: 25_000 });
 * if (outcome === 'approved' && await consumeApproval(ctx, { tenantId, approvalId, signInAttemptId: attempt.id })) { … }
 * ```
 */
export async function awaitApproval(ctx: ServerContext, input: AwaitApprovalInput): Promise<ApprovalOutcome> {
  // An event that lands while the row is being read must not be slept through.
  let events = 0;
  let wake: () => void = () => undefined;
  const unsubscribe = ctx.events.subscribe(approvalChannel(input.approvalId), () => { events += 1; wake(); });
  const onAbort = (): void => { wake(); };
  input.signal?.addEventListener('abort', onAbort);
  const deadline = Date.now() + Math.min(Math.max(input.timeoutMs, 0), MAX_AWAIT_MS);
  let timer: NodeJS.Timeout | undefined;
  try {
    for (;;) {
      const before = events;
      const row = await readBound(ctx, input);
      const outcome = outcomeOf(row, ctx.now());
      const remaining = deadline - Date.now();
      if (outcome !== 'pending' || remaining <= 0 || input.signal?.aborted === true) return outcome;
      if (events !== before) continue;
      // Wake at the deadline, on an event, or just after the approval expires.
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, Math.max(1, Math.min(remaining, row.expires_at - ctx.now() + 10)));
      });
      clearTimeout(timer);
    }
  } finally {
    clearTimeout(timer);
    unsubscribe();
    input.signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * Spends an approved approval on its sign-in: true exactly once, for the attempt it was made
 * for, and only when it was approved. A success resets the account's sign-in throttle, as any
 * completed second factor does.
 */
export async function consumeApproval(ctx: ServerContext, input: { tenantId: string; approvalId: string; signInAttemptId: string }): Promise<boolean> {
  const row = await ctx.db.updateTable('push_approvals').set({ consumed_at: ctx.now() })
    .where('id', '=', input.approvalId).where('tenant_id', '=', input.tenantId).where('sign_in_attempt_id', '=', input.signInAttemptId)
    .where('status', '=', 'approved').where('consumed_at', 'is', null)
    .returning('user_id').executeTakeFirst();
  if (row === undefined) return false;
  const user = await ctx.db.selectFrom('users').select('email').where('tenant_id', '=', input.tenantId).where('id', '=', row.user_id).executeTakeFirst();
  if (user !== undefined) await recordSuccess(ctx, normaliseEmail(user.email));
  return true;
}
