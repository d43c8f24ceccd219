/**
 * Resolves a session token to its live session and its user in ONE query, for
 * `requirePrincipal` — every API request pays for it, so it is hand-written (see
 * `db/hot-query.ts`). One indexed lookup joins the session (by its token digest) to its user in
 * the session's own tenant, and to its Temporary Access Pass when it came from one, and
 * `isLiveSession` — the rules `findSession` applies too — then decides on that row: revoked, past
 * its absolute expiry, idle too long, or its pass expired or revoked → no session. Nothing is cached across requests, so a
 * revocation, a disabled user or a revoked pass takes effect on the very next request.
 *
 * @module
 */
import type { ServerContext } from '../context.js';
import { hashToken } from '../crypto/tokens.js';
import { hotQuery, runHot } from '../db/hot-query.js';
import type { UsersTable } from '../db/schema.js';
import { isLiveSession, isTokenShaped, toSession, touchIsDue, type Session, type SessionRow } from './sessions.js';

/** A live session and the user it belongs to. */
export interface ResolvedCaller {
  readonly session: Session;
  /** Null when the user row is gone (the caller is then refused like any unknown session). */
  readonly user: Pick<UsersTable, 'id' | 'tenant_id' | 'role' | 'status' | 'email'> | null;
}

type Row = SessionRow & {
  u_id: string | null;
  role: UsersTable['role'] | null;
  status: UsersTable['status'] | null;
  email: string | null;
  /** Null exactly when no pass row joined (`taps.expires_at` is never null). */
  tap_expires_at: number | null;
  tap_revoked_at: number | null;
};

// The user and the pass are joined within the session's tenant: a row of another tenant never matches.
const CALLER = hotQuery(`
  SELECT s.id, s.tenant_id, s.user_id, s.amr, s.tap_id, s.created_at, s.last_seen_at, s.expires_at, s.revoked_at,
         s.reauthenticated_at, u.id AS u_id, u.role, u.status, u.email,
         t.expires_at AS tap_expires_at, t.revoked_at AS tap_revoked_at
  FROM sessions s
  LEFT JOIN users u ON u.id = s.user_id AND u.tenant_id = s.tenant_id
  LEFT JOIN taps t ON t.id = s.tap_id AND t.tenant_id = s.tenant_id
  WHERE s.id = ?`);

const TOUCH = hotQuery('UPDATE sessions SET last_seen_at = ? WHERE id = ? AND tenant_id = ?');

/**
 * The live session for `token` with its user, or undefined when the token names no live session
 * (unknown, revoked, expired, idle, or a TAP session whose pass ended). A hit refreshes the
 * session's idle timer at most once a minute, as `findSession` does.
 *
 * @example
 * ```ts
 * const caller = await resolveCaller(ctx, token);
 * if (caller?.user?.status !== 'active') throw new ServerError('ERR_UNAUTHENTICATED', 'sign in first');
 * ```
 */
export async function resolveCaller(ctx: Pick<ServerContext, 'db' | 'dialect' | 'now' | 'config'>, token: string): Promise<ResolvedCaller | undefined> {
  if (!isTokenShaped(token)) return undefined;
  const { rows } = await runHot<Row>(ctx.db, ctx.dialect, CALLER, [hashToken(token)]);
  const row = rows[0];
  if (row === undefined) return undefined;
  const pass = row.tap_expires_at === null ? undefined : { expires_at: row.tap_expires_at, revoked_at: row.tap_revoked_at };
  const now = ctx.now();
  if (!isLiveSession(row, pass, now, ctx.config.sessionIdleMs)) return undefined;
  if (touchIsDue(row, now)) await runHot(ctx.db, ctx.dialect, TOUCH, [now, row.id, row.tenant_id]);
  const user = row.u_id === null || row.role === null || row.status === null || row.email === null
    ? null
    : { id: row.u_id, tenant_id: row.tenant_id, role: row.role, status: row.status, email: row.email };
  return { session: toSession(row), user };
}
