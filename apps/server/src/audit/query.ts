/**
 * Reading the audit log: a tenant's events in their recorded order (the sequence), filtered by
 * action, by a user (as actor or target) and by time, in keyset pages. The log is only ever
 * read here; rows are never changed (migration 002 makes the database refuse it).
 *
 * @module
 */
import type { ServerContext } from '../context.js';

/** An audit event as the admin API shows it. */
export interface AuditEventJson {
  readonly seq: number;
  readonly at: number;
  readonly action: string;
  readonly actorUserId: string | null;
  readonly targetUserId: string | null;
  readonly ip: string | null;
  readonly detail: Record<string, unknown>;
}

/** Filters and paging of {@link queryAudit}. */
export interface AuditQuery {
  /** Events after this sequence number (the previous page's `next`). */
  readonly after?: number;
  readonly limit: number;
  /** An exact action, or a prefix ending in `.` (e.g. `tap.`). */
  readonly action?: string;
  /** Events where this user is the actor or the target. */
  readonly user?: string;
  /** Inclusive lower bound of `at` (ms). */
  readonly since?: number;
  /** Exclusive upper bound of `at` (ms). */
  readonly until?: number;
}

function parseDetail(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** One page of the tenant's events, oldest first, and the cursor of the next page if it may exist. */
export async function queryAudit(ctx: Pick<ServerContext, 'db'>, tenantId: string, query: AuditQuery): Promise<{ events: AuditEventJson[]; next: number | undefined }> {
  let select = ctx.db.selectFrom('audit_log').selectAll().where('tenant_id', '=', tenantId);
  if (query.after !== undefined) select = select.where('seq', '>', query.after);
  if (query.action !== undefined) {
    const action = query.action;
    select = action.endsWith('.')
      ? select.where((eb) => eb(eb.fn('substr', ['action', eb.val(1), eb.val(action.length)]), '=', action))
      : select.where('action', '=', action);
  }
  if (query.user !== undefined) {
    const user = query.user;
    select = select.where((eb) => eb.or([eb('actor_user_id', '=', user), eb('target_user_id', '=', user)]));
  }
  if (query.since !== undefined) select = select.where('at', '>=', query.since);
  if (query.until !== undefined) select = select.where('at', '<', query.until);
  const rows = await select.orderBy('seq').limit(query.limit).execute();
  const events = rows.map((row) => ({
    seq: row.seq, at: row.at, action: row.action, actorUserId: row.actor_user_id, targetUserId: row.target_user_id, ip: row.ip, detail: parseDetail(row.detail),
  }));
  const last = events.at(-1);
  return { events, next: events.length === query.limit && last !== undefined ? last.seq : undefined };
}
