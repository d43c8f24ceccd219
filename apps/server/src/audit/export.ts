/**
 * Exporting the audit log: every matching event of the tenant, oldest first, as JSON Lines or
 * CSV, produced page by page so an export of millions of rows never sits in memory. CSV cells
 * that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab or CR) are
 * prefixed with `'` (OWASP CSV injection), since audit details may quote user-chosen text.
 *
 * @module
 */
import type { ServerContext } from '../context.js';
import { queryAudit, type AuditEventJson, type AuditQuery } from './query.js';

/** Export formats. */
export type AuditExportFormat = 'jsonl' | 'csv';

const PAGE = 500;

/** The CSV header line. */
export const CSV_COLUMNS = ['seq', 'at', 'time', 'action', 'actor_user_id', 'target_user_id', 'ip', 'detail'] as const;

/** Quotes one CSV cell (RFC 4180), neutralising formula starts. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function csvLine(event: AuditEventJson): string {
  const cells = [String(event.seq), String(event.at), new Date(event.at).toISOString(), event.action, event.actorUserId ?? '', event.targetUserId ?? '', event.ip ?? '', JSON.stringify(event.detail)];
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** Every matching event, oldest first, read in pages. */
export async function* auditEvents(ctx: Pick<ServerContext, 'db'>, tenantId: string, filter: Omit<AuditQuery, 'limit' | 'after'>): AsyncGenerator<AuditEventJson> {
  let after: number | undefined;
  for (;;) {
    const page = await queryAudit(ctx, tenantId, { ...filter, limit: PAGE, ...(after === undefined ? {} : { after }) });
    yield* page.events;
    if (page.next === undefined) return;
    after = page.next;
  }
}

/** The export as a stream of text chunks (one line each). */
export async function* exportAudit(ctx: Pick<ServerContext, 'db'>, tenantId: string, format: AuditExportFormat, filter: Omit<AuditQuery, 'limit' | 'after'> = {}): AsyncGenerator<string> {
  if (format === 'csv') yield `${CSV_COLUMNS.join(',')}\r\n`;
  for await (const event of auditEvents(ctx, tenantId, filter)) {
    yield format === 'csv' ? csvLine(event) : `${JSON.stringify(event)}\n`;
  }
}
