/**
 * Per-account sign-in throttling (NIST 800-63B §3.2.2, security.md S15/S24). Failures are
 * counted per subject — the normalised sign-in name, whether or not such an account exists, so
 * an unknown name is throttled exactly like a known one and the answers never tell them apart.
 *
 * Policy: the first {@link FREE_FAILURES} consecutive failures cost nothing; each later one
 * blocks the subject for a back-off that starts at 30 s and doubles up to 1 h. At
 * {@link LOCK_FAILURES} consecutive failures the subject is locked until an admin unlocks it.
 *
 * Why this shape (anti-lockout): an attacker who knows a victim's address can always make
 * failures, so any counter is a lockout lever. With the back-off an attacker gets at most ~5
 * guesses plus about one per hour after the first hour, so reaching the hard lock takes days
 * of sustained effort instead of seconds, while the victim still signs in during every gap
 * (a success resets the count). The hard lock exists because NIST caps consecutive failures at
 * 100 for six-digit codes; it is released by an admin (`POST /api/admin/users/:id/unlock`), and
 * the counter is never reset by issuing a new one-time code or push (§3.1.3).
 *
 * @module
 */
import { sql } from 'kysely';
import type { ServerContext } from '../context.js';
import { ServerError } from '../errors.js';

/** Consecutive failures that cost nothing. */
export const FREE_FAILURES = 5;
/** First back-off after the free failures. */
export const BASE_BACKOFF_MS = 30_000;
/** Longest back-off. */
export const MAX_BACKOFF_MS = 3_600_000;
/** Consecutive failures that lock the subject until an admin unlocks it (NIST upper bound). */
export const LOCK_FAILURES = 100;

type Ctx = Pick<ServerContext, 'db' | 'now'>;

/** How long the `failures`-th consecutive failure blocks the subject (0 while free). */
export function backoffMs(failures: number): number {
  if (failures <= FREE_FAILURES) return 0;
  const doublings = Math.min(failures - FREE_FAILURES - 1, 20);
  return Math.min(BASE_BACKOFF_MS * 2 ** doublings, MAX_BACKOFF_MS);
}

/** The throttle state of a subject, for admins and tests. */
export interface ThrottleState {
  readonly failures: number;
  readonly blockedUntil: number;
  readonly locked: boolean;
}

/** The state a stored row (or its absence) stands for. */
export function stateOfRow(row: { failures: number | null; blocked_until: number | null } | undefined): ThrottleState {
  const failures = row?.failures ?? 0;
  return { failures, blockedUntil: row?.blocked_until ?? 0, locked: failures >= LOCK_FAILURES };
}

/** The current state of `subject` (zero failures when never seen). */
export async function throttleState(ctx: Ctx, subject: string): Promise<ThrottleState> {
  const row = await ctx.db.selectFrom('throttle').select(['failures', 'blocked_until']).where('subject', '=', subject).executeTakeFirst();
  return stateOfRow(row);
}

/**
 * Throws `ERR_THROTTLED` (details `{ retryAfterSeconds }`) when `state`, read at `now`, is
 * backing off or locked. For callers that read the throttle row together with other rows.
 */
export function assertStateAllows(state: ThrottleState, now: number): ThrottleState {
  if (state.locked) {
    throw new ServerError('ERR_THROTTLED', 'too many failed attempts: ask your administrator to unlock sign-in', { details: { retryAfterSeconds: MAX_BACKOFF_MS / 1000 } });
  }
  const wait = state.blockedUntil - now;
  if (wait > 0) {
    throw new ServerError('ERR_THROTTLED', 'too many failed attempts: wait before trying again', { details: { retryAfterSeconds: Math.ceil(wait / 1000) } });
  }
  return state;
}

/**
 * Throws `ERR_THROTTLED` (details `{ retryAfterSeconds }`) while `subject` is backing off or
 * locked. Call before checking any credential. Returns the state it read, so a caller that
 * saw no failures can skip {@link recordSuccess}'s write.
 */
export async function assertNotThrottled(ctx: Ctx, subject: string): Promise<ThrottleState> {
  return assertStateAllows(await throttleState(ctx, subject), ctx.now());
}

/** Counts one failure for `subject` and starts its back-off (atomic under concurrency). */
export async function recordFailure(ctx: Ctx, subject: string): Promise<void> {
  const now = ctx.now();
  const row = await ctx.db.insertInto('throttle')
    .values({ subject, failures: 1, blocked_until: 0, last_failure_at: now })
    .onConflict((oc) => oc.column('subject').doUpdateSet({ failures: sql<number>`throttle.failures + 1`, last_failure_at: now }))
    .returning('failures')
    .executeTakeFirstOrThrow();
  const until = now + backoffMs(row.failures);
  if (until > now) {
    await ctx.db.updateTable('throttle').set({ blocked_until: until }).where('subject', '=', subject).where('blocked_until', '<', until).execute();
  }
}

/** A successful sign-in: the count starts again from zero. */
export async function recordSuccess(ctx: Ctx, subject: string): Promise<void> {
  await ctx.db.deleteFrom('throttle').where('subject', '=', subject).execute();
}

/** An admin releases a backing-off or locked subject. */
export async function unlockSubject(ctx: Ctx, subject: string): Promise<void> {
  await ctx.db.deleteFrom('throttle').where('subject', '=', subject).execute();
}
