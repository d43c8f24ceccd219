import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { forEachDialect } from '../db/test-support/dialects.js';
import { verifyPassword } from '../passwords/hash.js';
import { createTestContext, type TestContext } from '../test-support/context.js';
import { findUserForSignIn } from '../users/users.js';
import { completeSetup } from './setup.js';
import { firstStartSetupToken, issueSetupToken, SETUP_TOKEN_LIFETIME_MS } from './tokens.js';

function cookieHeader(response: LightMyRequestResponse): string {
  return response.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}

function hiddenField(body: string, name: string): string {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(body);
  if (match?.[1] === undefined) throw new Error(`no ${name} field`);
  return match[1];
}

forEachDialect('first-run setup', (get) => {
  let ctx: TestContext;
  let app: FastifyInstance;

  beforeAll(async () => {
    ctx = createTestContext(get());
    app = await buildApp(ctx);
  });
  afterAll(async () => { await app.close(); });

  it('a fresh server gets a setup link; only its hash is stored', async () => {
    const issued = await firstStartSetupToken(ctx);
    expect(issued?.url).toBe(`${ctx.config.publicUrl}/setup?token=${issued?.token ?? ''}`);
    expect(issued?.expiresAt).toBe(ctx.now() + SETUP_TOKEN_LIFETIME_MS);
    const rows = await ctx.db.selectFrom('setup_tokens').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(issued?.token);
  });

  it('the HTML form (CSRF-checked) creates the tenant and its admin, opens a registration-only session, and the link then dies', async () => {
    const { token } = await issueSetupToken(ctx);
    const form = await app.inject({ method: 'GET', url: `/setup?token=${token}` });
    expect(form.statusCode).toBe(200);
    expect(form.headers['content-type']).toMatch(/^text\/html/);
    const csrf = hiddenField(form.body, 'csrf');
    const fields = { token, tenantName: 'Example School', displayName: 'Ada Admin', email: 'ada@school-setup.example', domain: 'pupils.school-setup.example', password: 'chalk board orbit lantern' };

    const noCsrf = await app.inject({ method: 'POST', url: '/setup', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader(form) }, payload: new URLSearchParams(fields).toString() });
    expect([noCsrf.statusCode, noCsrf.json<{ error: { code: string } }>().error.code]).toEqual([403, 'ERR_CSRF']);
    const forged = await app.inject({ method: 'POST', url: '/setup', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ ...fields, csrf }).toString() });
    expect([forged.statusCode, forged.json<{ error: { code: string } }>().error.code]).toEqual([403, 'ERR_CSRF']);

    const done = await app.inject({ method: 'POST', url: '/setup', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader(form) }, payload: new URLSearchParams({ ...fields, csrf }).toString() });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('Your organisation is ready');
    const admin = await findUserForSignIn(ctx, 'ada@school-setup.example');
    expect(admin?.role).toBe('admin');
    expect((await verifyPassword(ctx, admin?.password_hash ?? null, 'chalk board orbit lantern')).ok).toBe(true);
    const tenant = await ctx.db.selectFrom('tenants').selectAll().where('id', '=', admin?.tenant_id ?? '').executeTakeFirstOrThrow();
    expect(JSON.parse(tenant.domains)).toEqual(['school-setup.example', 'pupils.school-setup.example']);

    // The browser now holds a registration-only session for the new admin.
    const session = done.cookies.find((c) => c.name === 'tessera_session');
    expect(session?.httpOnly).toBe(true);
    const headers = { authorization: `Bearer ${session?.value ?? ''}` };
    expect((await app.inject({ method: 'GET', url: '/api/me/methods', headers })).statusCode).toBe(200);
    const adminApi = await app.inject({ method: 'GET', url: '/api/admin/users', headers });
    expect([adminApi.statusCode, adminApi.json<{ error: { code: string } }>().error.code]).toEqual([403, 'ERR_TAP_ONLY_REGISTRATION']);
    ctx.advance(60 * 60_000);
    expect((await app.inject({ method: 'GET', url: '/api/me/methods', headers })).statusCode).toBe(401);

    const reuse = await app.inject({ method: 'POST', url: '/setup', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader(form) }, payload: new URLSearchParams({ ...fields, tenantName: 'Second', email: 'eve@other-setup.example', csrf }).toString() });
    expect(reuse.statusCode).toBe(401);
    expect(reuse.body).toContain('This setup link does not work');
    expect((await app.inject({ method: 'GET', url: `/setup?token=${token}` })).statusCode).toBe(401);
    expect(await firstStartSetupToken(ctx)).toBeUndefined();
  });

  it('a weak password re-renders the form without the password and keeps the token usable', async () => {
    const { token } = await issueSetupToken(ctx);
    const form = await app.inject({ method: 'GET', url: `/setup?token=${token}` });
    const csrf = hiddenField(form.body, 'csrf');
    const weak = await app.inject({ method: 'POST', url: '/setup', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader(form) }, payload: new URLSearchParams({ token, tenantName: 'Weak Org', displayName: 'Wanda', email: 'wanda@weak-setup.example', password: 'password1', csrf }).toString() });
    expect(weak.statusCode).toBe(422);
    expect(weak.body).toContain('too common');
    expect(weak.body).toContain('value="wanda@weak-setup.example"');
    expect(weak.body).not.toContain('password1');
    const json = await app.inject({ method: 'POST', url: '/setup', payload: { token, tenantName: 'Weak Org', displayName: 'Wanda', email: 'wanda@weak-setup.example', password: 'seven quiet harbour lamps' } });
    expect(json.statusCode).toBe(201);
    expect(Object.keys(json.json<Record<string, string>>()).sort()).toEqual(['tenantId', 'userId']);
  });

  it('JSON setup: single use, even under a race; hostile input gets coded 4xx', async () => {
    const { token } = await issueSetupToken(ctx);
    const attempts = await Promise.all(['race-a', 'race-b', 'race-c'].map((name) => app.inject({
      method: 'POST', url: '/setup', payload: { token, tenantName: name, displayName: 'Admin', email: `admin@${name}.example`, password: 'seven quiet harbour lamps' },
    })));
    expect(attempts.map((r) => r.statusCode).sort()).toEqual([201, 401, 401]);
    expect(attempts.filter((r) => r.statusCode === 401).every((r) => r.json<{ error: { code: string } }>().error.code === 'ERR_SETUP_TOKEN_INVALID')).toBe(true);
    const tenants = await ctx.db.selectFrom('tenants').select('name').where('name', 'like', 'race-%').execute();
    expect(tenants).toHaveLength(1);

    const unknownField = await app.inject({ method: 'POST', url: '/setup', payload: { token, tenantName: 'X', displayName: 'X', email: 'x@x-setup.example', password: 'seven quiet harbour lamps', role: 'admin' } });
    expect([unknownField.statusCode, unknownField.json<{ error: { code: string } }>().error.code]).toEqual([400, 'ERR_VALIDATION']);
    const badJson = await app.inject({ method: 'POST', url: '/setup', headers: { 'content-type': 'application/json' }, payload: '{"token":' });
    expect(badJson.statusCode).toBe(400);
    const wrongToken = await app.inject({ method: 'POST', url: '/setup', payload: { token: 'A'.repeat(43), tenantName: 'X', displayName: 'X', email: 'x@x-setup.example', password: 'seven quiet harbour lamps' } });
    expect([wrongToken.statusCode, wrongToken.json<{ error: { code: string } }>().error.code]).toEqual([401, 'ERR_SETUP_TOKEN_INVALID']);
  });

  it('an expired token is dead', async () => {
    const { token } = await issueSetupToken(ctx);
    ctx.advance(SETUP_TOKEN_LIFETIME_MS);
    await expect(completeSetup(ctx, { token, tenantName: 'Late', adminName: 'Late', adminEmail: 'late@late-setup.example', password: 'seven quiet harbour lamps' })).rejects.toMatchObject({ code: 'ERR_SETUP_TOKEN_INVALID' });
  });
});
