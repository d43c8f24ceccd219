/**
 * Resolves a session token to its live session and its user in ONE query, for
 * `requirePrincipal` — every API request pays for it, so it is hand-written (see
 * `db/hot-query.ts`). One indexed lookup joins the session (by its token digest) to its user in
 * the session's own tenant, and to its Temporary Access Pass when it came from one, and every
 * rule of `findSession` is then applied to that row: revoked, past its absolute expiry, idle too
 * long, or its pass expired or revoked → no session. Nothing is cached across requests, so a
 * revocation, a disabled user or a revoked pass takes effect on the very next request.
 *
 * @module
 */
import type { ServerContext } from '../context.js';
import { hashToken } from '../crypto/tokens.js';
import { hotQuery, runHot } from '../db/hot-query.js';
import type { SessionsTable, UsersTable } from '../db/schema.js';
import type { AuthMethodRef, Session } from './sessions.js';

/** A live session and the user it belongs to. */
export interface ResolvedCaller {
  readonly session: Session;
  /** Null when the user row is gone (the caller is then refused like any unknown session). */
  readonly user: Pick<UsersTable, 'id' | 'tenant_id' | 'role' | 'status' | 'email'> | null;
}

type Row = Pick<SessionsTable, 'id' | 'tenant_id' | 'user_id' | 'amr' | 'tap_id' | 'created_at' | 'last_seen_at' | 'expires_at' | 'revoked_at' | 'reauthenticated_at'> & {
  u_id: string | null;
  role: UsersTable['role'] | null;
  status: UsersTable['status'] | null;
  email: string | null;
  tap_row: string | null;
  tap_expires_at: number | null;
  tap_revoked_at: number | null;
};

// The user and the pass are joined within the session's tenant: a row of another tenant never matches.
const CALLER = hotQuery(`
  SELECT s.id, s.tenant_id, s.user_id, s.amr, s.tap_id, s.created_at, s.last_seen_at, s.expires_at, s.revoked_at,
         s.reauthenticated_at, u.id AS u_id, u.role, u.status, u.email,
         t.id AS tap_row, t.expires_at AS tap_expires_at, t.revoked_at AS tap_revoked_at
  FROM sessions s
  LEFT JOIN users u ON u.id = s.user_id AND u.tenant_id = s.tenant_id
  LEFT JOIN taps t ON t.id = s.tap_id AND t.tenant_id = s.tenant_id
  WHERE s.id = ?`);

const TOUCH = hotQuery('UPDATE sessions SET last_seen_at = ? WHERE id = ? AND tenant_id = ?');

/** Whether the row is a live session at `now` under the rules of `findSession`. */
function live(row: Row, now: number, idleMs: number): boolean {
  if (row.revoked_at !== null || now >= row.expires_at || now - row.last_seen_at >= idleMs) return false;
  if (row.tap_id === null) return true;
  return row.tap_row !== null && row.tap_revoked_at === null && row.tap_expires_at !== null && now < row.tap_expires_at;
}

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
  if (token.length < 16 || token.length > 256) return undefined;
  const { rows } = await runHot<Row>(ctx.db, ctx.dialect, CALLER, [hashToken(token)]);
  const row = rows[0];
  const now = ctx.now();
  if (row === undefined || !live(row, now, ctx.config.sessionIdleMs)) return undefined;
  if (now - row.last_seen_at > 60_000) await runHot(ctx.db, ctx.dialect, TOUCH, [now, row.id, row.tenant_id]);
  const session: Session = {
    id: row.id, tenantId: row.tenant_id, userId: row.user_id, amr: JSON.parse(row.amr) as AuthMethodRef[], tapId: row.tap_id,
    authTime: Math.max(row.created_at, row.reauthenticated_at ?? 0), expiresAt: row.expires_at,
  };
  const user = row.u_id === null || row.role === null || row.status === null || row.email === null
    ? null
    : { id: row.u_id, tenant_id: row.tenant_id, role: row.role, status: row.status, email: row.email };
  return { session, user };
}
