import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { findSession } from '../auth/sessions.js';
import { forEachDialect } from '../db/test-support/dialects.js';
import type { TestContext } from '../test-support/context.js';
import { adminApp, call, codeOf, insertMethod, seedOrg, type SeededTenant } from './test-support/fixture.js';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** Every route that names a user, with a body it would accept. */
function userRoutes(id: string): [Method, string, unknown][] {
  return [
    ['GET', `/api/admin/users/${id}`, undefined],
    ['PATCH', `/api/admin/users/${id}`, { displayName: 'Taken over' }],
    ['PATCH', `/api/admin/users/${id}`, { role: 'admin' }],
    ['PATCH', `/api/admin/users/${id}`, { status: 'disabled' }],
    ['POST', `/api/admin/users/${id}/tap`, {}],
    ['DELETE', `/api/admin/users/${id}/tap`, undefined],
    ['GET', `/api/admin/users/${id}/methods`, undefined],
    ['DELETE', `/api/admin/users/${id}/methods/m-of-b`, undefined],
    ['POST', `/api/admin/users/${id}/reset-mfa`, { reason: 'isolation test' }],
    ['POST', `/api/admin/users/${id}/revoke-sessions`, undefined],
    ['POST', `/api/admin/users/${id}/unlock`, undefined],
  ];
}

forEachDialect('admin API tenant isolation', (get) => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let a: SeededTenant;
  let b: SeededTenant;

  beforeAll(async () => {
    ({ ctx, app } = await adminApp(get()));
    a = await seedOrg(ctx, 'iso-a');
    b = await seedOrg(ctx, 'iso-b');
    await insertMethod(ctx, { id: 'm-of-b', tenant_id: b.tenantId, user_id: b.user.id, label: 'B phone' });
  });
  afterAll(async () => { await app.close(); });

  it('an admin (and helpdesk) of tenant A gets 404 (helpdesk edits: 403) for every user route with ids from tenant B', async () => {
    for (const caller of [a.admin, a.helpdesk]) {
      for (const target of [b.user, b.admin, b.helpdesk]) {
        for (const [method, url, body] of userRoutes(target.id)) {
          const response = await call(app, method, url, caller.token, body);
          // Helpdesk may not edit users at all: refused by role before any lookup, the same answer for ids of A and B.
          const expected = caller === a.helpdesk && method === 'PATCH' ? [403, 'ERR_FORBIDDEN'] : [404, 'ERR_NOT_FOUND'];
          expect([response.statusCode, codeOf(response)], `${method} ${url}`).toEqual(expected);
        }
      }
    }
  });

  it('left tenant B untouched: sessions live, method present, no TAP, names and roles unchanged', async () => {
    for (const person of [b.user, b.admin, b.helpdesk]) expect(await findSession(ctx, person.token)).toBeDefined();
    expect(await ctx.db.selectFrom('methods').select('id').where('id', '=', 'm-of-b').executeTakeFirst()).toBeDefined();
    expect(await ctx.db.selectFrom('taps').select('id').where('tenant_id', '=', b.tenantId).execute()).toEqual([]);
    const users = await ctx.db.selectFrom('users').select(['display_name', 'role', 'status']).where('tenant_id', '=', b.tenantId).orderBy('email').execute();
    expect(users).toEqual([
      { display_name: 'admin', role: 'admin', status: 'active' },
      { display_name: 'helpdesk', role: 'helpdesk', status: 'active' },
      { display_name: 'user', role: 'user', status: 'active' },
    ]);
  });

  it('lists, searches and audits only the caller\'s tenant', async () => {
    const list = await call(app, 'GET', '/api/admin/users?limit=200', a.admin.token);
    expect(list.json<{ users: { email: string }[] }>().users.map((u) => u.email).sort()).toEqual([a.admin.email, a.helpdesk.email, a.user.email].sort());
    const byEmail = await call(app, 'GET', `/api/admin/users?email=${encodeURIComponent(b.user.email)}`, a.admin.token);
    expect(byEmail.json<{ users: unknown[] }>().users).toEqual([]);
    await call(app, 'POST', `/api/admin/users/${b.user.id}/revoke-sessions`, b.admin.token);
    const audit = await call(app, 'GET', '/api/admin/audit?limit=1000', a.admin.token);
    const events = audit.json<{ events: { targetUserId: string | null; actorUserId: string | null }[] }>().events;
    const bIds = new Set([b.user.id, b.admin.id, b.helpdesk.id]);
    for (const event of events) {
      expect(bIds.has(event.targetUserId ?? '')).toBe(false);
      expect(bIds.has(event.actorUserId ?? '')).toBe(false);
    }
    const filtered = await call(app, 'GET', `/api/admin/audit?user=${b.user.id}`, a.admin.token);
    expect(filtered.json<{ events: unknown[] }>().events).toEqual([]);
  });

  it('tenant and policy routes show and change only the caller\'s tenant', async () => {
    const tenant = await call(app, 'GET', '/api/admin/tenant', a.admin.token);
    expect(tenant.json<{ id: string }>().id).toBe(a.tenantId);
    const taken = await call(app, 'PATCH', '/api/admin/tenant', a.admin.token, { domains: [a.domain, b.domain] });
    expect([taken.statusCode, codeOf(taken)]).toEqual([409, 'ERR_TENANT_EXISTS']);
    const bTenant = await call(app, 'GET', '/api/admin/tenant', b.admin.token);
    expect(bTenant.json<{ domains: string[] }>().domains).toEqual([b.domain]);
  });
});
