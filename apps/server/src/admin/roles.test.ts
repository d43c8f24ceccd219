import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { forEachDialect } from '../db/test-support/dialects.js';
import { DEFAULT_POLICY } from '../tenants/policy.js';
import { seedSessionToken, type TestContext } from '../test-support/context.js';
import { adminApp, call, codeOf, seedOrg, seedTapSessionToken, type SeededTenant } from './test-support/fixture.js';

forEachDialect('admin API roles', (get) => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let org: SeededTenant;

  beforeAll(async () => {
    ({ ctx, app } = await adminApp(get()));
    org = await seedOrg(ctx, 'roles');
  });
  afterAll(async () => { await app.close(); });

  it('helpdesk cannot create users, change roles or status, or touch tenant and policy', async () => {
    const token = org.helpdesk.token;
    const attempts: [string, string, unknown][] = [
      ['POST', '/api/admin/users', { email: `new@${org.domain}`, displayName: 'New' }],
      ['PATCH', `/api/admin/users/${org.user.id}`, { role: 'admin' }],
      ['PATCH', `/api/admin/users/${org.helpdesk.id}`, { role: 'admin' }],
      ['PATCH', `/api/admin/users/${org.user.id}`, { status: 'disabled' }],
      ['PUT', '/api/admin/policy', { ...DEFAULT_POLICY, allowWorkSecretBackup: true }],
      ['PATCH', '/api/admin/tenant', { name: 'Mine now' }],
      ['GET', '/api/admin/audit', undefined],
      ['GET', '/api/admin/audit/export', undefined],
    ];
    for (const [method, url, body] of attempts) {
      const response = await call(app, method as 'POST', url, token, body);
      expect([response.statusCode, codeOf(response)], `${method} ${url}`).toEqual([403, 'ERR_FORBIDDEN']);
    }
    const users = await ctx.db.selectFrom('users').select(['role', 'status']).where('tenant_id', '=', org.tenantId).where('id', 'in', [org.user.id, org.helpdesk.id]).execute();
    expect(users.map((u) => u.role).sort()).toEqual(['helpdesk', 'user']);
    expect(users.every((u) => u.status === 'active')).toBe(true);
  });

  it('helpdesk reads users and helps ordinary users, but cannot act on admins or other operators', async () => {
    const token = org.helpdesk.token;
    expect((await call(app, 'GET', '/api/admin/users', token)).statusCode).toBe(200);
    expect((await call(app, 'GET', `/api/admin/users/${org.admin.id}`, token)).statusCode).toBe(200);
    expect((await call(app, 'GET', '/api/admin/policy', token)).statusCode).toBe(200);
    expect((await call(app, 'POST', `/api/admin/users/${org.user.id}/revoke-sessions`, token)).statusCode).toBe(200);
    for (const [method, suffix, body] of [['POST', 'tap', {}], ['POST', 'reset-mfa', { reason: 'take over' }], ['POST', 'revoke-sessions', undefined], ['POST', 'unlock', undefined], ['DELETE', 'tap', undefined]] as const) {
      const response = await call(app, method, `/api/admin/users/${org.admin.id}/${suffix}`, token, body);
      expect([response.statusCode, codeOf(response)], suffix).toEqual([403, 'ERR_FORBIDDEN']);
    }
  });

  it('a user cannot use the admin API at all', async () => {
    const token = await seedSessionToken(ctx, org.tenantId, org.user.id);
    const routes: [string, string, unknown][] = [
      ['GET', '/api/admin/tenant', undefined], ['GET', '/api/admin/policy', undefined], ['GET', '/api/admin/users', undefined],
      ['POST', '/api/admin/users', { email: `x@${org.domain}`, displayName: 'X' }], ['GET', `/api/admin/users/${org.admin.id}`, undefined],
      ['POST', `/api/admin/users/${org.admin.id}/tap`, {}], ['GET', `/api/admin/users/${org.admin.id}/methods`, undefined],
      ['POST', `/api/admin/users/${org.admin.id}/reset-mfa`, { reason: 'nope' }], ['GET', '/api/admin/audit', undefined],
    ];
    for (const [method, url, body] of routes) {
      const response = await call(app, method as 'GET', url, token, body);
      expect([response.statusCode, codeOf(response)], `${method} ${url}`).toEqual([403, 'ERR_FORBIDDEN']);
    }
  });

  it('a TAP session — even an admin\'s — cannot use the admin API', async () => {
    const token = await seedTapSessionToken(ctx, org.tenantId, org.admin.id, org.helpdesk.id);
    for (const url of ['/api/admin/users', '/api/admin/tenant', `/api/admin/users/${org.user.id}`, '/api/admin/audit']) {
      const response = await call(app, 'GET', url, token);
      expect([response.statusCode, codeOf(response)], url).toEqual([403, 'ERR_TAP_ONLY_REGISTRATION']);
    }
    const tap = await call(app, 'POST', `/api/admin/users/${org.user.id}/tap`, token, {});
    expect(codeOf(tap)).toBe('ERR_TAP_ONLY_REGISTRATION');
  });

  it('no session or a made-up token: 401', async () => {
    for (const token of [undefined, 'x'.repeat(43)]) {
      const response = await call(app, 'GET', '/api/admin/users', token);
      expect([response.statusCode, codeOf(response)]).toEqual([401, 'ERR_UNAUTHENTICATED']);
    }
  });

  it('an admin cannot change their own role or status', async () => {
    for (const body of [{ role: 'user' }, { status: 'disabled' }]) {
      const response = await call(app, 'PATCH', `/api/admin/users/${org.admin.id}`, org.admin.token, body);
      expect([response.statusCode, codeOf(response)]).toEqual([403, 'ERR_FORBIDDEN']);
    }
    expect((await call(app, 'PATCH', `/api/admin/users/${org.admin.id}`, org.admin.token, { displayName: 'Chief' })).statusCode).toBe(200);
  });
});
