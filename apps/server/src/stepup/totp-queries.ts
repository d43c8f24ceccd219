/**
 * The statements of a step-up with a TOTP code, hand-written because they run on every step-up
 * (see `db/hot-query.ts`: building and compiling them with Kysely cost more CPU than running
 * them). Two round trips' worth of work instead of eight statements:
 *
 * - one read returns the account's throttle row and the user's verified TOTP methods together
 *   (a one-row anchor LEFT JOINed to both, so the throttle comes back even with no method);
 * - one transaction writes the session's re-authentication mark, spends the code with the
 *   compare-and-swap on `last_used_step`, resets the throttle when failures were counted, and
 *   appends the audit line — all committed together or not at all.
 *
 * Every statement names the tenant (methods, sessions, audit) or the account's throttle subject.
 *
 * @module
 */
import type { Kysely } from 'kysely';
import type { ServerContext } from '../context.js';
import { changedRows, hotQuery, runHot } from '../db/hot-query.js';
import type { Database } from '../db/schema.js';
import type { TotpMethodRow } from '../factors/index.js';
import { stateOfRow, type ThrottleState } from '../throttle/index.js';

type Ctx = Pick<ServerContext, 'db' | 'dialect'>;

const READ = hotQuery(`
  SELECT th.failures, th.blocked_until, m.id, m.secret_sealed, m.last_used_step
  FROM (SELECT 1 AS one) anchor
  LEFT JOIN throttle th ON th.subject = ?
  LEFT JOIN methods m ON m.tenant_id = ? AND m.user_id = ? AND m.kind = 'totp' AND m.verified_at IS NOT NULL`);

const MARK = hotQuery('UPDATE sessions SET reauthenticated_at = ?, last_seen_at = ? WHERE id = ? AND tenant_id = ? AND revoked_at IS NULL');
const SPEND = hotQuery('UPDATE methods SET last_used_step = ?, last_used_at = ? WHERE id = ? AND tenant_id = ? AND last_used_step < ?');
const RESET = hotQuery('DELETE FROM throttle WHERE subject = ?');
const AUDIT = hotQuery('INSERT INTO audit_log (tenant_id, at, action, actor_user_id, target_user_id, ip, detail) VALUES (?, ?, ?, ?, ?, ?, ?)');

interface ReadRow {
  failures: number | null;
  blocked_until: number | null;
  id: string | null;
  secret_sealed: string | null;
  last_used_step: number | null;
}

/** The account's throttle state and the user's TOTP methods, in one query. */
export async function readTotpStepUp(ctx: Ctx, subject: string, owner: { tenantId: string; userId: string }): Promise<{ throttle: ThrottleState; methods: TotpMethodRow[] }> {
  const { rows } = await runHot<ReadRow>(ctx.db, ctx.dialect, READ, [subject, owner.tenantId, owner.userId]);
  const methods: TotpMethodRow[] = [];
  for (const row of rows) {
    if (row.id !== null && row.last_used_step !== null) methods.push({ id: row.id, secret_sealed: row.secret_sealed, last_used_step: row.last_used_step });
  }
  return { throttle: stateOfRow(rows[0]), methods };
}

/** Marks the session re-authenticated at `at` if it is still live; whether it was. */
export async function markSession(db: Kysely<Database>, dialect: Ctx['dialect'], session: { id: string; tenantId: string }, at: number): Promise<boolean> {
  return changedRows(await runHot(db, dialect, MARK, [at, at, session.id, session.tenantId])) === 1;
}

/** The compare-and-swap that spends `step` of method `methodId`; whether this call spent it. */
export async function spendStep(db: Kysely<Database>, dialect: Ctx['dialect'], tenantId: string, methodId: string, step: number, at: number): Promise<boolean> {
  return changedRows(await runHot(db, dialect, SPEND, [step, at, methodId, tenantId, step])) === 1;
}

/** Clears the account's failure count. */
export async function resetThrottle(db: Kysely<Database>, dialect: Ctx['dialect'], subject: string): Promise<void> {
  await runHot(db, dialect, RESET, [subject]);
}

/** One audit line (the same row `recordAudit` writes). */
export interface StepUpAudit {
  readonly tenantId: string;
  readonly at: number;
  readonly action: string;
  readonly userId: string;
  readonly ip: string | null;
  readonly detail: Readonly<Record<string, unknown>>;
}

/** Appends the audit line of a step-up. */
export async function auditStepUp(db: Kysely<Database>, dialect: Ctx['dialect'], event: StepUpAudit): Promise<void> {
  await runHot(db, dialect, AUDIT, [event.tenantId, event.at, event.action, event.userId, event.userId, event.ip, JSON.stringify(event.detail)]);
}
