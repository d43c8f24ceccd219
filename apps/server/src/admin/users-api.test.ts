import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { findSession } from '../auth/sessions.js';
import { forEachDialect } from '../db/test-support/dialects.js';
import { verifyPassword } from '../passwords/hash.js';
import { DEFAULT_POLICY } from '../tenants/policy.js';
import { recordFailure, throttleState } from '../throttle/throttle.js';
import type { TestContext } from '../test-support/context.js';
import { adminApp, call, codeOf, insertMethod, seedOrg, type SeededTenant } from './test-support/fixture.js';

forEachDialect('admin API: users, TAP, methods, sessions, unlock, tenant, policy', (get) => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let org: SeededTenant;

  beforeAll(async () => {
    ({ ctx, app } = await adminApp(get()));
    org = await seedOrg(ctx, 'api');
  });
  afterAll(async () => { await app.close(); });

  it('creates a user (with and without a password), reads, edits, and never shows the hash', async () => {
    const created = await call(app, 'POST', '/api/admin/users', org.admin.token, { email: `Grace@${org.domain}`, displayName: 'Grace Hopper', role: 'helpdesk', password: 'compiler moth logbook 1947' });
    expect(created.statusCode).toBe(201);
    const user = created.json<Record<string, unknown>>();
    expect(user).toEqual({ id: user['id'], email: `grace@${org.domain}`, displayName: 'Grace Hopper', role: 'helpdesk', status: 'active', createdAt: ctx.now(), hasPassword: true });
    expect(created.body).not.toContain('argon2');
    const row = await ctx.db.selectFrom('users').select('password_hash').where('id', '=', user['id'] as string).executeTakeFirstOrThrow();
    expect((await verifyPassword(ctx, row.password_hash, 'compiler moth logbook 1947')).ok).toBe(true);

    const plain = await call(app, 'POST', '/api/admin/users', org.admin.token, { email: `linus@${org.domain}`, displayName: 'Linus' });
    expect(plain.json()).toMatchObject({ role: 'user', hasPassword: false });
    const dup = await call(app, 'POST', '/api/admin/users', org.admin.token, { email: `LINUS@${org.domain}`, displayName: 'Linus' });
    expect([dup.statusCode, codeOf(dup)]).toEqual([409, 'ERR_USER_EXISTS']);
    const weak = await call(app, 'POST', '/api/admin/users', org.admin.token, { email: `weak@${org.domain}`, displayName: 'Weak', password: 'password' });
    expect([weak.statusCode, codeOf(weak)]).toEqual([422, 'ERR_PASSWORD_POLICY']);
    const foreign = await call(app, 'POST', '/api/admin/users', org.admin.token, { email: 'someone@elsewhere.example', displayName: 'X' });
    expect([foreign.statusCode, codeOf(foreign)]).toEqual([400, 'ERR_VALIDATION']);

    const got = await call(app, 'GET', `/api/admin/users/${user['id'] as string}`, org.helpdesk.token);
    expect(got.json()).toEqual(user);
    const edited = await call(app, 'PATCH', `/api/admin/users/${user['id'] as string}`, org.admin.token, { displayName: 'Rear Admiral Hopper', role: 'user' });
    expect(edited.json()).toMatchObject({ displayName: 'Rear Admiral Hopper', role: 'user' });
    const actions = await ctx.db.selectFrom('audit_log').select('action').where('target_user_id', '=', user['id'] as string).orderBy('seq').execute();
    expect(actions.map((a) => a.action)).toEqual(['user.create', 'admin.user.update']);
  });

  it('disabling a user ends their sessions', async () => {
    const response = await call(app, 'PATCH', `/api/admin/users/${org.user.id}`, org.admin.token, { status: 'disabled' });
    expect(response.json()).toMatchObject({ status: 'disabled' });
    expect(await ctx.db.selectFrom('sessions').select('id').where('user_id', '=', org.user.id).where('revoked_at', 'is', null).execute()).toEqual([]);
    await call(app, 'PATCH', `/api/admin/users/${org.user.id}`, org.admin.token, { status: 'active' });
  });

  it('pages through users', async () => {
    const first = await call(app, 'GET', '/api/admin/users?limit=2', org.admin.token);
    const page1 = first.json<{ users: { email: string }[]; next?: string }>();
    expect(page1.users).toHaveLength(2);
    const second = await call(app, 'GET', `/api/admin/users?limit=2&after=${encodeURIComponent(page1.next ?? '')}`, org.admin.token);
    const page2 = second.json<{ users: { email: string }[] }>();
    expect((page2.users[0]?.email ?? '') > (page1.users[1]?.email ?? '')).toBe(true);
    const search = await call(app, 'GET', '/api/admin/users?q=HOPPER', org.admin.token);
    expect(search.json<{ users: { displayName: string }[] }>().users.map((u) => u.displayName)).toEqual(['Rear Admiral Hopper']);
  });

  it('issues a TAP (shown once, within policy), revokes it, and refuses one for oneself', async () => {
    const issued = await call(app, 'POST', `/api/admin/users/${org.user.id}/tap`, org.helpdesk.token, { lifetimeMinutes: 30 });
    expect(issued.statusCode).toBe(201);
    expect(issued.headers['cache-control']).toBe('no-store');
    const tap = issued.json<{ pass: string; expiresAt: number; oneTime: boolean }>();
    expect(tap).toMatchObject({ expiresAt: ctx.now() + 30 * 60_000, oneTime: true });
    expect(tap.pass.length).toBeGreaterThanOrEqual(12);
    const stored = await ctx.db.selectFrom('taps').select('pass_hash').where('user_id', '=', org.user.id).execute();
    expect(JSON.stringify(stored)).not.toContain(tap.pass);
    const tooLong = await call(app, 'POST', `/api/admin/users/${org.user.id}/tap`, org.admin.token, { lifetimeMinutes: 481 });
    expect([tooLong.statusCode, codeOf(tooLong)]).toEqual([422, 'ERR_TAP_POLICY']);
    const self = await call(app, 'POST', `/api/admin/users/${org.helpdesk.id}/tap`, org.helpdesk.token, {});
    expect(codeOf(self)).toBe('ERR_FORBIDDEN');
    const adminSelf = await call(app, 'POST', `/api/admin/users/${org.admin.id}/tap`, org.admin.token, {});
    expect([adminSelf.statusCode, codeOf(adminSelf)]).toEqual([403, 'ERR_TAP_SELF']);
    const revoked = await call(app, 'DELETE', `/api/admin/users/${org.user.id}/tap`, org.admin.token);
    expect(revoked.json()).toEqual({ revoked: true });
  });

  it('lists and removes a user\'s methods', async () => {
    await insertMethod(ctx, { id: 'api-m1', tenant_id: org.tenantId, user_id: org.user.id, secret_sealed: 'sealed-seed', registered_with_tap: 1 });
    const list = await call(app, 'GET', `/api/admin/users/${org.user.id}/methods`, org.helpdesk.token);
    expect(list.json<{ methods: { id: string; registeredWithTap: boolean }[] }>().methods).toMatchObject([{ id: 'api-m1', registeredWithTap: true }]);
    expect(list.body).not.toContain('sealed-seed');
    const removed = await call(app, 'DELETE', `/api/admin/users/${org.user.id}/methods/api-m1`, org.admin.token);
    expect(removed.statusCode).toBe(204);
    const again = await call(app, 'DELETE', `/api/admin/users/${org.user.id}/methods/api-m1`, org.admin.token);
    expect(again.statusCode).toBe(404);
  });

  it('revokes all sessions of a user', async () => {
    const response = await call(app, 'POST', `/api/admin/users/${org.user.id}/revoke-sessions`, org.admin.token);
    expect(response.statusCode).toBe(200);
    expect(await findSession(ctx, org.user.token)).toBeUndefined();
    const audit = await ctx.db.selectFrom('audit_log').select('action').where('target_user_id', '=', org.user.id).where('action', '=', 'admin.sessions.revoke').execute();
    expect(audit).toHaveLength(1);
  });

  it('unlocks a throttled sign-in name', async () => {
    for (let i = 0; i < 100; i++) await recordFailure(ctx, org.user.email);
    expect((await throttleState(ctx, org.user.email)).locked).toBe(true);
    const response = await call(app, 'POST', `/api/admin/users/${org.user.id}/unlock`, org.helpdesk.token);
    expect(response.json()).toEqual({ unlocked: true });
    expect((await throttleState(ctx, org.user.email)).failures).toBe(0);
  });

  it('reads and changes the tenant and its policy, auditing both', async () => {
    const policy = await call(app, 'GET', '/api/admin/policy', org.admin.token);
    expect(policy.json()).toEqual(DEFAULT_POLICY);
    const next = { ...DEFAULT_POLICY, allowWorkSecretBackup: true, tap: { ...DEFAULT_POLICY.tap, maxLifetimeMinutes: 120 } };
    const put = await call(app, 'PUT', '/api/admin/policy', org.admin.token, next);
    expect(put.json()).toEqual(next);
    const inconsistent = await call(app, 'PUT', '/api/admin/policy', org.admin.token, { ...next, tap: { ...next.tap, defaultLifetimeMinutes: 200 } });
    expect([inconsistent.statusCode, codeOf(inconsistent)]).toEqual([400, 'ERR_VALIDATION']);
    const partial = await call(app, 'PUT', '/api/admin/policy', org.admin.token, { allowWorkSecretBackup: false });
    expect([partial.statusCode, codeOf(partial)]).toEqual([400, 'ERR_VALIDATION']);
    const renamed = await call(app, 'PATCH', '/api/admin/tenant', org.admin.token, { name: 'Renamed', domains: [org.domain, `extra-${org.domain}`] });
    expect(renamed.json()).toMatchObject({ id: org.tenantId, name: 'Renamed', domains: [org.domain, `extra-${org.domain}`], policy: next });
    const actions = await ctx.db.selectFrom('audit_log').select('action').where('tenant_id', '=', org.tenantId).where('action', 'in', ['admin.policy.update', 'admin.tenant.update']).execute();
    expect(actions.map((a) => a.action)).toEqual(['admin.policy.update', 'admin.tenant.update']);
  });
});
