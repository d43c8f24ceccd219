/**
 * Tenants: an organisation with a name, the email domains its users sign in with, and its
 * policy. Everything a tenant owns is found through its id; the id of the caller's tenant
 * always comes from their session, never from a request.
 *
 * @module
 */
import type { Kysely } from 'kysely';
import type { ServerContext } from '../context.js';
import { newId } from '../crypto/tokens.js';
import type { Database } from '../db/schema.js';
import { ServerError } from '../errors.js';
import { normaliseDomains } from './domains.js';
import { DEFAULT_POLICY, parsePolicy, type TenantPolicy } from './policy.js';

export { getTenantPolicy, setTenantPolicy } from './policy.js';

type Ctx = Pick<ServerContext, 'db' | 'now'>;

/** Runs `work` in a transaction, joining the caller's when `db` already is one (setup creates a tenant and its admin together). */
export async function inTransaction<T>(db: Kysely<Database>, work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

/** A tenant as the admin API shows it. */
export interface Tenant {
  readonly id: string;
  readonly name: string;
  readonly domains: readonly string[];
  readonly policy: TenantPolicy;
}

function cleanName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '' || trimmed.length > 200) throw new ServerError('ERR_VALIDATION', 'a tenant name has 1 to 200 characters');
  return trimmed;
}

// Claims `domains` for `tenantId` inside `db` (a transaction): a domain of another tenant is refused.
async function claimDomains(db: Kysely<Database>, tenantId: string, domains: readonly string[]): Promise<void> {
  const taken = await db.selectFrom('tenant_domains').select('tenant_id').where('domain', 'in', domains).where('tenant_id', '!=', tenantId).executeTakeFirst();
  if (taken !== undefined) throw new ServerError('ERR_TENANT_EXISTS', 'one of these domains already belongs to a tenant');
  await db.deleteFrom('tenant_domains').where('tenant_id', '=', tenantId).execute();
  try {
    await db.insertInto('tenant_domains').values(domains.map((domain) => ({ domain, tenant_id: tenantId }))).execute();
  } catch (error) {
    throw new ServerError('ERR_TENANT_EXISTS', 'one of these domains already belongs to a tenant', { cause: error });
  }
}

/**
 * Creates a tenant with the default policy. Throws `ERR_TENANT_EXISTS` when a domain is taken.
 *
 * @example
 * const { tenantId } = await createTenant(ctx, { name: 'Example School', domains: ['school.example'] });
 */
export async function createTenant(ctx: Ctx, input: { name: string; domains: readonly string[] }): Promise<{ tenantId: string }> {
  const name = cleanName(input.name);
  const domains = normaliseDomains(input.domains);
  const tenantId = newId();
  await inTransaction(ctx.db, async (trx) => {
    await trx.insertInto('tenants').values({ id: tenantId, name, domains: JSON.stringify(domains), policy: JSON.stringify(DEFAULT_POLICY), created_at: ctx.now() }).execute();
    await claimDomains(trx, tenantId, domains);
  });
  return { tenantId };
}

/** The tenant, or undefined. */
export async function getTenant(ctx: Pick<ServerContext, 'db'>, tenantId: string): Promise<Tenant | undefined> {
  const row = await ctx.db.selectFrom('tenants').select(['id', 'name', 'domains', 'policy']).where('id', '=', tenantId).executeTakeFirst();
  if (row === undefined) return undefined;
  return { id: row.id, name: row.name, domains: JSON.parse(row.domains) as string[], policy: parsePolicy(row.policy) };
}

/** Renames the tenant and/or replaces its domains. */
export async function updateTenant(ctx: Ctx, tenantId: string, change: { name?: string; domains?: readonly string[] }): Promise<void> {
  const name = change.name === undefined ? undefined : cleanName(change.name);
  const domains = change.domains === undefined ? undefined : normaliseDomains(change.domains);
  await inTransaction(ctx.db, async (trx) => {
    if (name !== undefined) await trx.updateTable('tenants').set({ name }).where('id', '=', tenantId).execute();
    if (domains !== undefined) {
      await trx.updateTable('tenants').set({ domains: JSON.stringify(domains) }).where('id', '=', tenantId).execute();
      await claimDomains(trx, tenantId, domains);
    }
  });
}

/** Whether any tenant exists (first start shows the setup link only when none does). */
export async function anyTenantExists(ctx: Pick<ServerContext, 'db'>): Promise<boolean> {
  return (await ctx.db.selectFrom('tenants').select('id').limit(1).executeTakeFirst()) !== undefined;
}
