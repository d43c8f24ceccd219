/**
 * `/api/admin/tenant` and `/api/admin/policy`: the caller's own tenant — its name, domains and
 * policy. Admin and helpdesk read (helpdesk needs the TAP limits); only admins change them.
 *
 * @module
 */
import type { FastifyPluginAsync } from 'fastify';
import { recordAudit } from '../audit/record.js';
import type { ServerContext } from '../context.js';
import { ServerError } from '../errors.js';
import { tenantPolicySchema, type TenantPolicy } from '../tenants/policy.js';
import { getTenant, getTenantPolicy, setTenantPolicy, updateTenant } from '../tenants/tenants.js';
import { ADMINS, requireStaff } from './guard.js';

const patchTenantBody = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200 },
    domains: { type: 'array', minItems: 1, maxItems: 50, items: { type: 'string', minLength: 3, maxLength: 253 } },
  },
} as const;

/** The tenant and policy routes. */
export function tenantAdminRoutes(ctx: ServerContext): FastifyPluginAsync {
  // eslint-disable-next-line @typescript-eslint/require-await -- Fastify plugins are async functions
  return async (app) => {
    app.get('/api/admin/tenant', async (request) => {
      const caller = await requireStaff(ctx, request);
      const tenant = await getTenant(ctx, caller.tenantId);
      if (tenant === undefined) throw new ServerError('ERR_NOT_FOUND', 'no such tenant');
      return tenant;
    });

    app.patch<{ Body: { name?: string; domains?: string[] } }>('/api/admin/tenant', { schema: { body: patchTenantBody } }, async (request) => {
      const caller = await requireStaff(ctx, request, ADMINS);
      await updateTenant(ctx, caller.tenantId, request.body);
      await recordAudit(ctx, { tenantId: caller.tenantId, action: 'admin.tenant.update', actorUserId: caller.userId, ip: request.ip, detail: { ...request.body } });
      return getTenant(ctx, caller.tenantId);
    });

    app.get('/api/admin/policy', async (request) => {
      const caller = await requireStaff(ctx, request);
      return getTenantPolicy(ctx, caller.tenantId);
    });

    app.put<{ Body: TenantPolicy }>('/api/admin/policy', { schema: { body: tenantPolicySchema } }, async (request) => {
      const caller = await requireStaff(ctx, request, ADMINS);
      const before = await getTenantPolicy(ctx, caller.tenantId);
      await setTenantPolicy(ctx, caller.tenantId, request.body);
      await recordAudit(ctx, { tenantId: caller.tenantId, action: 'admin.policy.update', actorUserId: caller.userId, ip: request.ip, detail: { before, after: request.body } });
      return getTenantPolicy(ctx, caller.tenantId);
    });
  };
}
