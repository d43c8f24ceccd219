/**
 * Sessions: ≥ 256-bit random bearer tokens (a cookie in browsers, `Authorization: Bearer` for the
 * CLI), stored only as a SHA-256 digest. A session records how its user authenticated (`amr`)
 * and whether it came from a Temporary Access Pass (then it may only register methods and ends
 * with the pass). Idle and absolute timeouts come from the configuration (NIST AAL2: ≤ 1 h idle,
 * ≤ 24 h absolute). Sign-in always creates a new session (rotation); MFA reset and "revoke
 * sessions" end every session of the user at once.
 *
 * @module
 */
import type { Kysely } from 'kysely';
import type { ServerContext } from '../context.js';
import type { Database, SessionsTable, TapsTable } from '../db/schema.js';
import { hashToken, randomToken } from '../crypto/tokens.js';

/** How a session's user proved who they are (RFC 8176 values plus `tap`). */
export type AuthMethodRef = 'pwd' | 'otp' | 'mfa' | 'tap' | 'sms' | 'email' | 'push' | 'setup'
  /** A guest session whose MFA was done at the guest's home tenant, trusted by this one. */
  | 'home_mfa';

/** A live session as the rest of the server sees it. */
export interface Session {
  readonly id: string;
  readonly tenantId: string;
  readonly userId: string;
  readonly amr: readonly AuthMethodRef[];
  readonly tapId: string | null;
  /**
   * When the user last authenticated: the later of the session's creation and its last step-up
   * re-authentication. Step-up checks (`maxAuthAgeMs`) measure from here.
   */
  readonly authTime: number;
  readonly expiresAt: number;
}

/** What to record about a new session. */
export interface NewSession {
  readonly tenantId: string;
  readonly userId: string;
  readonly amr: readonly AuthMethodRef[];
  readonly tapId?: string | null;
  /** A TAP session ends no later than its pass. */
  readonly notAfter?: number;
  readonly ip?: string | null;
  readonly userAgent?: string | null;
}

/** Creates a session and returns its bearer token (shown once, never stored). */
export async function createSession(ctx: Pick<ServerContext, 'db' | 'now' | 'config'>, input: NewSession): Promise<{ token: string; session: Session }> {
  const token = randomToken(32);
  const now = ctx.now();
  const expiresAt = Math.min(now + ctx.config.sessionAbsoluteMs, input.notAfter ?? Number.MAX_SAFE_INTEGER);
  const row: SessionsTable = {
    id: hashToken(token),
    tenant_id: input.tenantId,
    user_id: input.userId,
    amr: JSON.stringify(input.amr),
    tap_id: input.tapId ?? null,
    created_at: now,
    last_seen_at: now,
    expires_at: expiresAt,
    revoked_at: null,
    ip: input.ip ?? null,
    user_agent: input.userAgent === undefined || input.userAgent === null ? null : input.userAgent.slice(0, 256),
    reauthenticated_at: null,
  };
  await ctx.db.insertInto('sessions').values(row).execute();
  return { token, session: toSession(row) };
}

/** The columns of a session row that {@link isLiveSession} and {@link toSession} read. */
export type SessionRow = Pick<SessionsTable, 'id' | 'tenant_id' | 'user_id' | 'amr' | 'tap_id' | 'created_at' | 'last_seen_at' | 'expires_at' | 'revoked_at' | 'reauthenticated_at'>;

/** The state of the Temporary Access Pass a TAP session came from. */
export type PassState = Pick<TapsTable, 'expires_at' | 'revoked_at'>;

/** The session a row stands for (without checking that it is live: see {@link isLiveSession}). */
export function toSession(row: SessionRow): Session {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    userId: row.user_id,
    amr: JSON.parse(row.amr) as AuthMethodRef[],
    tapId: row.tap_id,
    authTime: Math.max(row.created_at, row.reauthenticated_at ?? 0),
    expiresAt: row.expires_at,
  };
}

/** Whether `token` has the length of a session token at all; nothing else is looked up. */
export function isTokenShaped(token: string): boolean {
  return token.length >= 16 && token.length <= 256;
}

/**
 * Whether `row` is a live session at `now` — the one place these rules live, for
 * {@link findSessionById} and the one-query caller resolver alike: not revoked, before its
 * absolute expiry, used within `idleMs`, and, for a TAP session, its pass (`pass`, undefined
 * when the pass row is gone) neither expired nor revoked — a TAP session dies with its pass.
 */
export function isLiveSession(row: SessionRow, pass: PassState | undefined, now: number, idleMs: number): boolean {
  if (row.revoked_at !== null || now >= row.expires_at || now - row.last_seen_at >= idleMs) return false;
  return row.tap_id === null || (pass?.revoked_at === null && now < pass.expires_at);
}

/** Whether a hit on a live session refreshes its idle timer: at most once a minute, to spare writes. */
export function touchIsDue(row: Pick<SessionsTable, 'last_seen_at'>, now: number): boolean {
  return now - row.last_seen_at > 60_000;
}

/**
 * The live session for `token`, or undefined when unknown, revoked, idle too long or past its
 * absolute expiry. A hit refreshes the idle timer (at most once a minute, to spare writes).
 */
export async function findSession(ctx: Pick<ServerContext, 'db' | 'now' | 'config'>, token: string): Promise<Session | undefined> {
  if (!isTokenShaped(token)) return undefined;
  return findSessionById(ctx, hashToken(token));
}

/**
 * The live session with storage id `id` (the token's digest), under the same rules as
 * {@link findSession}. Used where a session is reached through something it issued (an OIDC
 * grant) rather than through its token.
 */
export async function findSessionById(ctx: Pick<ServerContext, 'db' | 'now' | 'config'>, id: string): Promise<Session | undefined> {
  const row = await ctx.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
  if (row === undefined) return undefined;
  // The pass is looked up within the session's tenant, as the caller resolver joins it.
  const pass = row.tap_id === null ? undefined : await ctx.db.selectFrom('taps').select(['expires_at', 'revoked_at'])
    .where('id', '=', row.tap_id).where('tenant_id', '=', row.tenant_id).executeTakeFirst();
  const now = ctx.now();
  if (!isLiveSession(row, pass, now, ctx.config.sessionIdleMs)) return undefined;
  if (touchIsDue(row, now)) {
    await ctx.db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
  }
  return toSession(row);
}

/**
 * Records that the session's user proved a second factor again at `at` (step-up), so its
 * {@link Session.authTime} moves forward (and its idle timer restarts). Only a live session is
 * marked; returns whether it was. `db` may be a transaction, so the mark commits with its audit
 * line.
 */
export async function markReauthenticated(db: Kysely<Database>, session: { id: string; tenantId: string }, at: number): Promise<boolean> {
  const result = await db.updateTable('sessions').set({ reauthenticated_at: at, last_seen_at: at })
    .where('id', '=', session.id).where('tenant_id', '=', session.tenantId).where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Ends one session (sign-out). */
export async function revokeSession(ctx: Pick<ServerContext, 'db' | 'now'>, sessionId: string): Promise<void> {
  await ctx.db.updateTable('sessions').set({ revoked_at: ctx.now() }).where('id', '=', sessionId).where('revoked_at', 'is', null).execute();
}

/**
 * Ends every session of a user (MFA reset, "revoke sessions", disabled user), or every one but
 * `except` (password change). Returns how many ended. `db` may be a transaction (an MFA reset), so
 * the sessions end only if the rest of it commits.
 */
export async function revokeUserSessions(ctx: Pick<ServerContext, 'db' | 'now'>, tenantId: string, userId: string, options: { readonly except?: string; readonly db?: Kysely<Database> } = {}): Promise<number> {
  let query = (options.db ?? ctx.db).updateTable('sessions').set({ revoked_at: ctx.now() })
    .where('tenant_id', '=', tenantId).where('user_id', '=', userId).where('revoked_at', 'is', null);
  // A password change ends every other session but keeps the one that made the change.
  if (options.except !== undefined) query = query.where('id', '!=', options.except);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}
