import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { forEachDialect } from '../db/test-support/dialects.js';
import type { TestContext } from '../test-support/context.js';
import { adminApp, codeOf, seedOrg, type SeededTenant } from './test-support/fixture.js';

forEachDialect('admin API hostile input', (get) => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let org: SeededTenant;

  beforeAll(async () => {
    ({ ctx, app } = await adminApp(get()));
    org = await seedOrg(ctx, 'hostile');
  });
  afterAll(async () => { await app.close(); });

  const raw = (method: 'POST' | 'PATCH' | 'PUT' | 'GET', url: string, payload: string, contentType = 'application/json') =>
    app.inject({ method, url, payload, headers: { authorization: `Bearer ${org.admin.token}`, 'content-type': contentType } });

  it('unknown fields are rejected, not ignored', async () => {
    const cases: [ 'POST' | 'PATCH' | 'PUT', string, unknown][] = [
      ['POST', '/api/admin/users', { email: `a@${org.domain}`, displayName: 'A', tenantId: 'other' }],
      ['PATCH', `/api/admin/users/${org.user.id}`, { displayName: 'A', password_hash: 'x' }],
      ['PATCH', '/api/admin/tenant', { name: 'A', id: 'other' }],
      ['POST', `/api/admin/users/${org.user.id}/tap`, { lifetimeMinutes: 60, userId: org.admin.id }],
      ['POST', `/api/admin/users/${org.user.id}/reset-mfa`, { reason: 'test reason', force: true }],
      ['POST', `/api/admin/users/${org.user.id}/revoke-sessions`, { everywhere: true }],
      ['POST', `/api/admin/users/${org.user.id}/unlock`, { subject: 'someone@else.example' }],
    ];
    for (const [method, url, body] of cases) {
      const response = await raw(method, url, JSON.stringify(body));
      expect([response.statusCode, codeOf(response)], url).toEqual([400, 'ERR_VALIDATION']);
    }
    const query = await app.inject({ method: 'GET', url: '/api/admin/users?tenant=other', headers: { authorization: `Bearer ${org.admin.token}` } });
    expect([query.statusCode, codeOf(query)]).toEqual([400, 'ERR_VALIDATION']);
    expect(await ctx.db.selectFrom('users').select('id').where('email', '=', `a@${org.domain}`).executeTakeFirst()).toBeUndefined();
  });

  it('optional bodies may be left out or sent empty', async () => {
    const headers = { authorization: `Bearer ${org.admin.token}` };
    expect((await app.inject({ method: 'POST', url: `/api/admin/users/${org.user.id}/unlock`, headers })).statusCode).toBe(200);
    expect((await raw('POST', `/api/admin/users/${org.user.id}/unlock`, '{}')).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: `/api/admin/users/${org.user.id}/tap`, headers })).statusCode).toBe(201);
  });

  it('wrong types are rejected (no coercion)', async () => {
    const cases: [ 'POST' | 'PATCH', string, unknown][] = [
      ['POST', '/api/admin/users', { email: 42, displayName: 'A' }],
      ['POST', '/api/admin/users', { email: `b@${org.domain}`, displayName: ['A'] }],
      ['POST', '/api/admin/users', { email: `b@${org.domain}`, displayName: 'A', role: 'root' }],
      ['PATCH', `/api/admin/users/${org.user.id}`, { status: 'deleted' }],
      ['PATCH', `/api/admin/users/${org.user.id}`, {}],
      ['POST', `/api/admin/users/${org.user.id}/tap`, { lifetimeMinutes: '60' }],
      ['POST', `/api/admin/users/${org.user.id}/tap`, { oneTime: 'false' }],
      ['POST', `/api/admin/users/${org.user.id}/tap`, [1, 2]],
    ];
    for (const [method, url, body] of cases) {
      const response = await raw(method, url, JSON.stringify(body));
      expect([response.statusCode, codeOf(response)], JSON.stringify(body)).toEqual([400, 'ERR_VALIDATION']);
    }
    for (const url of ['/api/admin/users?limit=-1', '/api/admin/users?limit=abc', '/api/admin/audit?after=1e3', '/api/admin/audit/export?format=xml', '/api/admin/users/..%2F..%2Fetc']) {
      const response = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${org.admin.token}` } });
      expect([response.statusCode, codeOf(response)], url).toEqual([400, 'ERR_VALIDATION']);
    }
  });

  it('bad JSON, oversized bodies and other media types get clear 4xx codes', async () => {
    const bad = await raw('POST', '/api/admin/users', '{"email": ');
    expect([bad.statusCode, codeOf(bad)]).toEqual([400, 'ERR_BAD_REQUEST']);
    const huge = await raw('POST', '/api/admin/users', JSON.stringify({ email: `c@${org.domain}`, displayName: 'x'.repeat(ctx.config.bodyLimit) }));
    expect([huge.statusCode, codeOf(huge)]).toEqual([413, 'ERR_BODY_TOO_LARGE']);
    const xml = await raw('POST', '/api/admin/users', '<user/>', 'application/xml');
    expect([xml.statusCode, codeOf(xml)]).toEqual([415, 'ERR_UNSUPPORTED_MEDIA_TYPE']);
  });

  it('any JSON body on user creation is answered with a coded 4xx or a created user, never a 5xx (property)', async () => {
    await fc.assert(fc.asyncProperty(fc.jsonValue({ maxDepth: 3 }), async (body) => {
      const response = await raw('POST', '/api/admin/users', JSON.stringify(body));
      expect(response.statusCode).toBeLessThan(500);
      if (response.statusCode >= 400) expect(codeOf(response)).toMatch(/^ERR_/);
    }), { numRuns: 60 });
  });
});
