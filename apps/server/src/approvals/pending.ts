/**
 * What a device is shown of a push: enough for the user to recognise the sign-in (what, from
 * where, when) and the nonce its proof must sign — never the number, which the user must read
 * from the sign-in page and type (number matching).
 *
 * @module
 */
import type { ServerContext } from '../context.js';
import type { PushApprovalsTable } from '../db/schema.js';
import { outcomeOf, type ApprovalOutcome } from './wait.js';

/** A push waiting for an answer, as a device sees it. */
export interface PendingApproval {
  readonly id: string;
  readonly app: string;
  readonly ip: string | null;
  readonly createdAt: number;
  readonly expiresAt: number;
  /** Sign this (with the approval id) in the proof. */
  readonly nonce: string;
}

/** A push that no longer needs an answer. */
export interface ResolvedApproval {
  readonly id: string;
  readonly outcome: Exclude<ApprovalOutcome, 'pending'>;
}

function toPending(row: PushApprovalsTable): PendingApproval {
  return { id: row.id, app: row.app, ip: row.ip, createdAt: row.created_at, expiresAt: row.expires_at, nonce: row.nonce };
}

/** The user's unanswered, unexpired pushes, oldest first. */
export async function listPendingApprovals(ctx: Pick<ServerContext, 'db' | 'now'>, tenantId: string, userId: string): Promise<PendingApproval[]> {
  const rows = await ctx.db.selectFrom('push_approvals').selectAll()
    .where('tenant_id', '=', tenantId).where('user_id', '=', userId).where('status', '=', 'pending').where('expires_at', '>', ctx.now())
    .orderBy('created_at').orderBy('id').limit(50).execute();
  return rows.map(toPending);
}

/** One of the user's pushes as a device sees it now; undefined when it is not theirs. */
export async function approvalForDevice(ctx: Pick<ServerContext, 'db' | 'now'>, tenantId: string, userId: string, approvalId: string): Promise<{ pending: PendingApproval } | { resolved: ResolvedApproval } | undefined> {
  const row = await ctx.db.selectFrom('push_approvals').selectAll()
    .where('id', '=', approvalId).where('tenant_id', '=', tenantId).where('user_id', '=', userId).executeTakeFirst();
  if (row === undefined) return undefined;
  const outcome = outcomeOf(row, ctx.now());
  return outcome === 'pending' ? { pending: toPending(row) } : { resolved: { id: row.id, outcome } };
}
