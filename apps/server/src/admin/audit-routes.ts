/**
 * `/api/admin/audit`: the tenant's audit log, read in pages or exported whole as JSON Lines or
 * CSV. Admins only — the log names every user and operator. An export is itself audited
 * (`admin.audit.export`) so bulk copies of the log leave a trace.
 *
 * @module
 */
import { Readable } from 'node:stream';
import type { FastifyPluginAsync } from 'fastify';
import { exportAudit, type AuditExportFormat } from '../audit/export.js';
import { queryAudit, type AuditQuery } from '../audit/query.js';
import { recordAudit } from '../audit/record.js';
import type { ServerContext } from '../context.js';
import { ADMINS, requireStaff } from './guard.js';
import { idString, intParam, queryInteger } from './schemas.js';

const filterProperties = {
  action: { type: 'string', pattern: '^[a-z0-9_.]{1,100}$' },
  user: idString,
  since: queryInteger,
  until: queryInteger,
} as const;

const pageQuery = {
  type: 'object', additionalProperties: false, properties: { ...filterProperties, after: queryInteger, limit: queryInteger },
} as const;

const exportQuery = {
  type: 'object', additionalProperties: false, properties: { ...filterProperties, format: { type: 'string', enum: ['jsonl', 'csv'] } },
} as const;

interface FilterQuery { action?: string; user?: string; since?: string; until?: string }

function toFilter(query: FilterQuery): Omit<AuditQuery, 'limit' | 'after'> {
  return {
    ...(query.action === undefined ? {} : { action: query.action }),
    ...(query.user === undefined ? {} : { user: query.user }),
    ...(query.since === undefined ? {} : { since: Number(query.since) }),
    ...(query.until === undefined ? {} : { until: Number(query.until) }),
  };
}

const CONTENT_TYPES: Readonly<Record<AuditExportFormat, string>> = { jsonl: 'application/x-ndjson; charset=utf-8', csv: 'text/csv; charset=utf-8' };

/** The audit routes. */
export function auditAdminRoutes(ctx: ServerContext): FastifyPluginAsync {
  // eslint-disable-next-line @typescript-eslint/require-await -- Fastify plugins are async functions
  return async (app) => {
    app.get<{ Querystring: FilterQuery & { after?: string; limit?: string } }>('/api/admin/audit', { schema: { querystring: pageQuery } }, async (request) => {
      const caller = await requireStaff(ctx, request, ADMINS);
      const { after } = request.query;
      const page = await queryAudit(ctx, caller.tenantId, {
        ...toFilter(request.query), limit: intParam(request.query.limit, 100, 1, 1000), ...(after === undefined ? {} : { after: Number(after) }),
      });
      return { events: page.events, ...(page.next === undefined ? {} : { next: page.next }) };
    });

    app.get<{ Querystring: FilterQuery & { format?: AuditExportFormat } }>('/api/admin/audit/export', { schema: { querystring: exportQuery } }, async (request, reply) => {
      const caller = await requireStaff(ctx, request, ADMINS);
      const format = request.query.format ?? 'jsonl';
      const filter = toFilter(request.query);
      await recordAudit(ctx, { tenantId: caller.tenantId, action: 'admin.audit.export', actorUserId: caller.userId, ip: request.ip, detail: { format, ...filter } });
      return reply
        .type(CONTENT_TYPES[format])
        .header('content-disposition', `attachment; filename="tessera-audit.${format}"`)
        .send(Readable.from(exportAudit(ctx, caller.tenantId, format, filter)));
    });
  };
}
