/**
 * How long each kind of dead row is kept, and why that is long enough. The rules themselves are
 * in `rules.ts`; docs/server.md ("Housekeeping") lists them as a table.
 *
 * @module
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Rows deleted per table per run: a huge backlog goes in bounded statements, never one long lock. */
export const BATCH_SIZE = 10_000;

/**
 * A throttle row of a name no user has, with no failure for this long (and neither locked nor
 * backing off), is forgotten. Longer than any back-off (1 h) by far, so forgetting never
 * shortens a wait; a real account's row is never forgotten.
 */
export const THROTTLE_IDLE_MS = 30 * DAY;

/**
 * Margin past an expiry before a row goes, for rows nothing reads after their expiry. Longer
 * than every window that still counts such rows (one-time code sends: 10 min; push cap: at most
 * 60 min) and than any clock difference between instances.
 */
export const EXPIRED_GRACE_MS = DAY;

/**
 * Margin past a spent device token's recorded expiry (which includes the verifier's 30 s clock
 * tolerance already): covers instances whose clocks disagree, so none can still accept the
 * token when its id is forgotten.
 */
export const TOKEN_ID_GRACE_MS = HOUR;

/** Development outbox messages (only used without SMTP / SMS webhook) are kept a week. */
export const OUTBOX_RETENTION_MS = 7 * DAY;
