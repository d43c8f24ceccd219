import { describe, expect, it } from 'vitest';
import { forEachDialect } from '../db/test-support/dialects.js';
import { createTestContext } from '../test-support/context.js';
import { DEFAULT_POLICY, parsePolicy } from './policy.js';
import { createTenant, getTenant, getTenantPolicy, setTenantPolicy, updateTenant } from './tenants.js';

describe('stored policy', () => {
  it('fills missing or mistyped settings with the defaults', () => {
    expect(parsePolicy('{}')).toEqual(DEFAULT_POLICY);
    expect(parsePolicy('not json')).toEqual(DEFAULT_POLICY);
    expect(parsePolicy('{"allowWorkSecretBackup":true,"tap":{"length":"x"},"methods":{"sms":false}}'))
      .toEqual({ ...DEFAULT_POLICY, allowWorkSecretBackup: true, methods: { totp: true, email: true, sms: false } });
    // Inconsistent TAP limits fall back to the default limits.
    expect(parsePolicy('{"tap":{"minLifetimeMinutes":300,"maxLifetimeMinutes":100}}').tap).toEqual(DEFAULT_POLICY.tap);
  });
});

forEachDialect('tenants', (get) => {
  it('creates a tenant with canonical domains and the default policy', async () => {
    const ctx = createTestContext(get());
    const { tenantId } = await createTenant(ctx, { name: ' Example School ', domains: ['School.Example.', 'school.example'] });
    expect(await getTenant(ctx, tenantId)).toEqual({ id: tenantId, name: 'Example School', domains: ['school.example'], policy: DEFAULT_POLICY });
  });

  it('refuses a domain that another tenant owns, and bad domains', async () => {
    const ctx = createTestContext(get());
    await createTenant(ctx, { name: 'A', domains: ['a-owned.example'] });
    await expect(createTenant(ctx, { name: 'B', domains: ['b.example', 'A-OWNED.example'] })).rejects.toMatchObject({ code: 'ERR_TENANT_EXISTS' });
    await expect(createTenant(ctx, { name: 'C', domains: ['localhost'] })).rejects.toMatchObject({ code: 'ERR_VALIDATION' });
    await expect(createTenant(ctx, { name: 'C', domains: [] })).rejects.toMatchObject({ code: 'ERR_VALIDATION' });
    // The failed creation left nothing behind.
    const b = await ctx.db.selectFrom('tenant_domains').select('domain').where('domain', '=', 'b.example').executeTakeFirst();
    expect(b).toBeUndefined();
  });

  it('renames, replaces domains and stores policy', async () => {
    const ctx = createTestContext(get());
    const { tenantId } = await createTenant(ctx, { name: 'Old', domains: ['old.example'] });
    await updateTenant(ctx, tenantId, { name: 'New', domains: ['new.example', 'new2.example'] });
    const tenant = await getTenant(ctx, tenantId);
    expect(tenant?.name).toBe('New');
    expect(tenant?.domains).toEqual(['new.example', 'new2.example']);
    const domains = await ctx.db.selectFrom('tenant_domains').select('domain').where('tenant_id', '=', tenantId).orderBy('domain').execute();
    expect(domains.map((d) => d.domain)).toEqual(['new.example', 'new2.example']);
    const policy = { ...DEFAULT_POLICY, allowWorkSecretBackup: true };
    await setTenantPolicy(ctx, tenantId, policy);
    expect(await getTenantPolicy(ctx, tenantId)).toEqual(policy);
    await expect(setTenantPolicy(ctx, tenantId, { ...policy, methods: { totp: false, email: false, sms: false } })).rejects.toMatchObject({ code: 'ERR_VALIDATION' });
  });
});
