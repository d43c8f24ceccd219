/**
 * Cross-tenant trust: whether resource tenant R accepts the MFA its guests from home tenant H
 * performed at H. Off by default (no row): R then asks for its own second factor. Only R's
 * admins set it, and the home tenant is named by one of its domains — the same name R's admins
 * see in their guests' addresses. An unknown domain and a domain of R itself are one answer.
 *
 * @module
 */
import { recordAudit } from '../audit/record.js';
import type { ServerContext } from '../context.js';
import { ServerError } from '../errors.js';
import { normaliseDomain } from '../tenants/domains.js';

/** R's setting for one home tenant. */
export interface CrossTenantTrust {
  readonly homeDomain: string;
  readonly trustHomeMfa: boolean;
  readonly updatedAt: number | null;
}

/** The tenant owning `domain`, or undefined (the domain is checked first: `ERR_VALIDATION`). */
export async function tenantOfDomain(ctx: Pick<ServerContext, 'db'>, domain: string): Promise<string | undefined> {
  const row = await ctx.db.selectFrom('tenant_domains').select('tenant_id').where('domain', '=', normaliseDomain(domain)).executeTakeFirst();
  return row?.tenant_id;
}

async function homeTenantOf(ctx: Pick<ServerContext, 'db'>, tenantId: string, homeDomain: string): Promise<string> {
  const home = await tenantOfDomain(ctx, homeDomain);
  if (home === undefined || home === tenantId) throw new ServerError('ERR_NOT_FOUND', 'no other organisation uses this domain');
  return home;
}

/** Whether `tenantId` trusts the MFA of `homeTenantId` (false without a setting). */
export async function trustsHomeMfa(ctx: Pick<ServerContext, 'db'>, tenantId: string, homeTenantId: string): Promise<boolean> {
  const row = await ctx.db.selectFrom('cross_tenant_trust').select('trust_home_mfa')
    .where('tenant_id', '=', tenantId).where('home_tenant_id', '=', homeTenantId).executeTakeFirst();
  return row?.trust_home_mfa === 1;
}

/** R's setting for the tenant owning `homeDomain`; `ERR_NOT_FOUND` for an unknown domain or R's own. */
export async function getTrust(ctx: Pick<ServerContext, 'db'>, tenantId: string, homeDomain: string): Promise<CrossTenantTrust> {
  const home = await homeTenantOf(ctx, tenantId, homeDomain);
  const row = await ctx.db.selectFrom('cross_tenant_trust').select(['trust_home_mfa', 'updated_at'])
    .where('tenant_id', '=', tenantId).where('home_tenant_id', '=', home).executeTakeFirst();
  return { homeDomain: normaliseDomain(homeDomain), trustHomeMfa: row?.trust_home_mfa === 1, updatedAt: row?.updated_at ?? null };
}

/** Sets R's trust of the tenant owning `homeDomain`; audited in R as `admin.cross_tenant.update`. */
export async function setTrust(ctx: ServerContext, input: { tenantId: string; homeDomain: string; trustHomeMfa: boolean; actorUserId: string; ip?: string | null }): Promise<CrossTenantTrust> {
  const home = await homeTenantOf(ctx, input.tenantId, input.homeDomain);
  const before = await trustsHomeMfa(ctx, input.tenantId, home);
  const now = ctx.now();
  const values = { trust_home_mfa: input.trustHomeMfa ? 1 as const : 0 as const, updated_by: input.actorUserId, updated_at: now };
  await ctx.db.insertInto('cross_tenant_trust').values({ tenant_id: input.tenantId, home_tenant_id: home, ...values })
    .onConflict((oc) => oc.columns(['tenant_id', 'home_tenant_id']).doUpdateSet(values)).execute();
  const homeDomain = normaliseDomain(input.homeDomain);
  await recordAudit(ctx, { tenantId: input.tenantId, action: 'admin.cross_tenant.update', actorUserId: input.actorUserId, ip: input.ip ?? null, detail: { homeDomain, before: { trustHomeMfa: before }, after: { trustHomeMfa: input.trustHomeMfa } } });
  return { homeDomain, trustHomeMfa: input.trustHomeMfa, updatedAt: now };
}
