/**
 * One rule per table whose rows become dead: which rows may go, and why keeping them no longer
 * serves any check. Each rule deletes at most `limit` rows in one statement (`… where key in
 * (select key … limit n)`, the form both SQLite and PostgreSQL accept), chosen by an indexed
 * time predicate (migrations 005 and 008), and returns how many it deleted. Deletes are
 * idempotent, so every instance may run them.
 *
 * Never pruned: the audit log (append-only, enforced by the database), users, tenants, methods,
 * devices (a revoked device keeps its row: security.md S26), push locks (until an admin
 * unlocks), guests and trust settings (live state), and the OIDC signing keys.
 *
 * @module
 */
import { sql } from 'kysely';
import type { ServerContext } from '../context.js';
import type { Database } from '../db/schema.js';
import { pruneExpiredPayloads } from '../oidc/adapter.js';
import { LOCK_FAILURES } from '../throttle/index.js';
import { EXPIRED_GRACE_MS, OUTBOX_RETENTION_MS, THROTTLE_IDLE_MS, TOKEN_ID_GRACE_MS } from './retention.js';

/** What a rule needs. */
export type HousekeepingContext = Pick<ServerContext, 'db' | 'now' | 'config'>;

/** A table's pruning rule. */
export interface PruneRule {
  readonly table: keyof Database;
  prune(ctx: HousekeepingContext, now: number, limit: number): Promise<number>;
}

function count(result: { numDeletedRows: bigint }): number {
  return Number(result.numDeletedRows);
}

/** The tables whose dead rows are simply those whose expiry lies before a cut-off. */
type Expiring = 'sessions' | 'sign_in_attempts' | 'guest_sign_ins' | 'one_time_codes' | 'taps' | 'push_approvals' | 'setup_tokens' | 'outbox';

/**
 * The rule for a table whose rows are dead once `column` (a time, indexed) is before
 * `cutoff(now)`: up to `limit` of them, chosen by `key`, go in one statement. Table and column
 * names come from this file only, never from input.
 */
function expiring(table: Expiring, key: string, column: string, cutoff: (now: number) => number): PruneRule {
  return {
    table,
    prune: async (ctx, now, limit) => {
      const result = await sql`delete from ${sql.table(table)} where ${sql.ref(key)} in (select ${sql.ref(key)} from ${sql.table(table)} where ${sql.ref(column)} < ${cutoff(now)} limit ${limit})`.execute(ctx.db);
      return Number(result.numAffectedRows ?? 0n);
    },
  };
}

const aDayPastExpiry = (now: number): number => now - EXPIRED_GRACE_MS;

/**
 * Every rule, in the order they run. `oidc_payloads` comes before `oidc_grant_sessions`, whose
 * rule waits for a grant's payloads to be gone.
 */
export const RULES: readonly PruneRule[] = [
  {
    // Sign-in throttle: one row per name ever tried, including names that do not exist, so anyone
    // can add rows. Only those rows go — a name no user has — and only when not locked, not
    // backing off, and idle for 30 days. A real account's row is kept for ever (their number is
    // bounded by the users), so its failures keep adding up toward the lock however slowly they
    // come: at most 100 consecutive failures per account, never "100 per 30 days".
    // `not in` a subquery: both databases build the set of names once (a hash or a temporary
    // index), not once per candidate row.
    table: 'throttle',
    prune: async (ctx, now, limit) => count(await ctx.db.deleteFrom('throttle')
      .where('subject', 'in', ctx.db.selectFrom('throttle').select('subject')
        .where('last_failure_at', '<', now - THROTTLE_IDLE_MS).where('failures', '<', LOCK_FAILURES).where('blocked_until', '<=', now)
        .where('subject', 'not in', ctx.db.selectFrom('users').select('email'))
        .limit(limit))
      .executeTakeFirstOrThrow()),
  },
  // Sessions (with their step-up marks) past their absolute expiry: no session is live after it,
  // revoked or idle ones included, and an OIDC access token whose session row is missing is
  // refused exactly like one whose session ended. A day's margin covers clock differences.
  expiring('sessions', 'id', 'expires_at', aDayPastExpiry),
  // Sign-ins in progress past their expiry: `currentAttempt` ignores them already (the rule the
  // OIDC pruning applied before, unchanged). Their push approvals and guest hops die with them.
  expiring('sign_in_attempts', 'id', 'expires_at', (now) => now + 1), // expiry at or before now
  // Guest hops between tenants: keyed by a sign-in attempt, which lives 10 minutes.
  expiring('guest_sign_ins', 'attempt_id', 'expires_at', aDayPastExpiry),
  // E-mail / SMS one-time codes, used or not: a code is accepted only before its expiry, and the
  // send cap counts codes created in the last 10 minutes. A code created before then has an
  // expiry before then too (a newer code only moves it earlier), so a day past expiry the cap
  // cannot see it any more.
  expiring('one_time_codes', 'id', 'expires_at', aDayPastExpiry),
  // Temporary Access Passes past expiry: never redeemable again, and a session made with one
  // ends with the pass (`notAfter`); a session whose pass row is missing counts as dead anyway.
  // Who issued and used each pass stays in the audit log.
  expiring('taps', 'id', 'expires_at', aDayPastExpiry),
  // Push approvals, answered or not: dead at expiry (2–5 min) for deciding and waiting. The push
  // cap looks back at most 60 minutes (and at the last approved one only within that window), so
  // a day past expiry none counts. Decisions and "this wasn't me" stay in the audit log; a push
  // lock keeps only the approval's id and never reads the row.
  expiring('push_approvals', 'id', 'expires_at', aDayPastExpiry),
  {
    // Spent device-token ids (the replay table): kept until the token itself could no longer be
    // accepted — the recorded expiry includes the verifier's clock tolerance — plus an hour for
    // instances whose clocks disagree. A replay after that fails on `exp`.
    table: 'device_token_uses',
    prune: async (ctx, now, limit) => count(await ctx.db.deleteFrom('device_token_uses')
      .where((eb) => eb(eb.refTuple('device_id', 'jti'), 'in', eb.selectFrom('device_token_uses').select(['device_id', 'jti'])
        .where('expires_at', '<', now - TOKEN_ID_GRACE_MS).limit(limit).$asTuple('device_id', 'jti')))
      .executeTakeFirstOrThrow()),
  },
  // First-run setup tokens, used or not, a day past expiry: only a live (unused, unexpired)
  // token is ever accepted, and whether setup is done is decided by tenants existing.
  expiring('setup_tokens', 'id', 'expires_at', aDayPastExpiry),
  {
    // oidc-provider storage past expiry: `find` ignores an expired payload already (the rule the
    // OIDC pruning applied before, unchanged). Payloads without an expiry are never pruned.
    table: 'oidc_payloads',
    prune: (ctx, now, limit) => pruneExpiredPayloads(ctx, now, limit),
  },
  {
    // Grant-to-session links: MFA reset finds a user's grants through them, so a link stays while
    // any payload of its grant (the grant, its codes, tokens) remains, and until the session that
    // approved it is past its absolute lifetime (the link is made after the session, so its
    // `created_at` plus that lifetime bounds the session's expiry), plus a day.
    table: 'oidc_grant_sessions',
    prune: async (ctx, now, limit) => count(await ctx.db.deleteFrom('oidc_grant_sessions')
      .where('grant_id', 'in', ctx.db.selectFrom('oidc_grant_sessions as g').select('g.grant_id')
        .where('g.created_at', '<', now - ctx.config.sessionAbsoluteMs - EXPIRED_GRACE_MS)
        .where((eb) => eb.not(eb.exists(eb.selectFrom('oidc_payloads as p').select('p.id').whereRef('p.grant_id', '=', 'g.grant_id'))))
        .limit(limit))
      .executeTakeFirstOrThrow()),
  },
  // The development outbox (only used without SMTP or an SMS webhook): its one-time codes are
  // long dead after a week; people read it for the latest messages.
  expiring('outbox', 'seq', 'created_at', (now) => now - OUTBOX_RETENTION_MS),
];
