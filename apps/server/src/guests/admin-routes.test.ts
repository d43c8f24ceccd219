import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { adminApp, call, codeOf, seedOrg, type SeededTenant } from '../admin/test-support/fixture.js';
import { findSession } from '../auth/sessions.js';
import { forEachDialect } from '../db/test-support/dialects.js';
import { seedSessionToken, seedUser, type TestContext } from '../test-support/context.js';
import { NOT_INVITABLE, type GuestJson } from './guests.js';

interface AuditRow { action: string; targetUserId: string | null; detail: Record<string, unknown> }

async function auditOf(app: FastifyInstance, token: string): Promise<AuditRow[]> {
  const response = await call(app, 'GET', '/api/admin/audit?limit=200', token);
  expect(response.statusCode).toBe(200);
  return response.json<{ events: AuditRow[] }>().events;
}

forEachDialect('guests and cross-tenant trust (admin API)', (get) => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let home: SeededTenant;
  let resource: SeededTenant;
  beforeAll(async () => {
    ({ ctx, app } = await adminApp(get()));
    home = await seedOrg(ctx, 'home');
    resource = await seedOrg(ctx, 'resource');
  });
  afterAll(async () => { await app.close(); });

  it('invites a user of another tenant: a passwordless user of R, audited in R and H, and emailed', async () => {
    const invited = await call(app, 'POST', '/api/admin/guests', resource.admin.token, { email: home.user.email.toUpperCase() });
    expect(invited.statusCode).toBe(201);
    const guest = invited.json<GuestJson>();
    expect(guest).toMatchObject({ email: home.user.email, homeDomain: home.domain, status: 'active' });
    const asUser = (await call(app, 'GET', `/api/admin/users/${guest.id}`, resource.admin.token)).json<{ role: string; hasPassword: boolean }>();
    expect(asUser).toMatchObject({ role: 'user', hasPassword: false });
    expect((await call(app, 'GET', '/api/admin/guests', resource.helpdesk.token)).json<{ guests: GuestJson[] }>().guests.map((g) => g.id)).toEqual([guest.id]);
    expect(ctx.emails.at(-1)?.to).toBe(home.user.email);
    expect(ctx.emails.at(-1)?.text).toContain(`/signin?tenant=${resource.domain}`);
    expect((await auditOf(app, resource.admin.token)).some((e) => e.action === 'admin.guest.invite' && e.targetUserId === guest.id)).toBe(true);
    expect((await auditOf(app, home.admin.token)).some((e) => e.action === 'guest.invited' && e.targetUserId === home.user.id)).toBe(true);
    const again = await call(app, 'POST', '/api/admin/guests', resource.admin.token, { email: home.user.email });
    expect(codeOf(again)).toBe('ERR_USER_EXISTS');
  });

  it('refuses every address that cannot be invited with one answer, and only admins invite', async () => {
    const disabled = `gone@${home.domain}`;
    const disabledId = await seedUser(ctx, home.tenantId, disabled);
    await ctx.db.updateTable('users').set({ status: 'disabled' }).where('id', '=', disabledId).execute();
    const answers = [];
    for (const email of [`nobody@${home.domain}`, disabled, resource.user.email, 'someone@unknown-domain.example']) {
      answers.push(await call(app, 'POST', '/api/admin/guests', resource.admin.token, { email }));
    }
    for (const a of answers) {
      expect(a.statusCode).toBe(400);
      expect(a.json<{ error: { code: string; message: string } }>().error).toMatchObject({ code: 'ERR_VALIDATION', message: NOT_INVITABLE });
    }
    expect(codeOf(await call(app, 'POST', '/api/admin/guests', resource.helpdesk.token, { email: home.helpdesk.email }))).toBe('ERR_FORBIDDEN');
    expect((await call(app, 'POST', '/api/admin/guests', resource.admin.token, { email: home.helpdesk.email, role: 'admin' })).statusCode).toBe(400);
  });

  it('keeps each tenant\'s admins to their own tenant: H\'s admin cannot see or touch R\'s guest row, nor R\'s admin H\'s user', async () => {
    const guest = (await call(app, 'POST', '/api/admin/guests', resource.admin.token, { email: home.helpdesk.email })).json<GuestJson>();
    for (const [method, url] of [['GET', `/api/admin/users/${guest.id}`], ['GET', `/api/admin/users/${guest.id}/methods`], ['DELETE', `/api/admin/guests/${guest.id}`]] as const) {
      expect((await call(app, method, url, home.admin.token)).statusCode).toBe(404);
    }
    expect((await call(app, 'POST', `/api/admin/users/${guest.id}/tap`, home.admin.token, {})).statusCode).toBe(404);
    expect((await call(app, 'GET', `/api/admin/users/${home.helpdesk.id}`, resource.admin.token)).statusCode).toBe(404);
    expect((await call(app, 'POST', `/api/admin/users/${home.helpdesk.id}/tap`, resource.admin.token, {})).statusCode).toBe(404);
    // R's guest list is R's alone; a user of R who is not a guest cannot be removed as one.
    expect((await call(app, 'GET', '/api/admin/guests', home.admin.token)).json<{ guests: GuestJson[] }>().guests).toEqual([]);
    expect((await call(app, 'DELETE', `/api/admin/guests/${resource.user.id}`, resource.admin.token)).statusCode).toBe(404);
    // R's admins manage the guest's R account like any of their users.
    const tap = await call(app, 'POST', `/api/admin/users/${guest.id}/tap`, resource.admin.token, {});
    expect(tap.statusCode).toBe(201);
    // The guest's sign-in name is H's: R cannot release H's throttle for it.
    expect(codeOf(await call(app, 'POST', `/api/admin/users/${guest.id}/unlock`, resource.admin.token))).toBe('ERR_FORBIDDEN');
  });

  it('removes a guest: their R sessions end and their R account is gone; H\'s account is untouched', async () => {
    const guest = (await call(app, 'POST', '/api/admin/guests', resource.admin.token, { email: home.admin.email })).json<GuestJson>();
    const token = await seedSessionToken(ctx, resource.tenantId, guest.id);
    expect((await call(app, 'GET', '/api/me/methods', token)).statusCode).toBe(200);
    expect(codeOf(await call(app, 'DELETE', `/api/admin/guests/${guest.id}`, resource.helpdesk.token))).toBe('ERR_FORBIDDEN');
    const removed = await call(app, 'DELETE', `/api/admin/guests/${guest.id}`, resource.admin.token);
    expect(removed.json()).toEqual({ sessionsRevoked: 1, grantsRevoked: 0 });
    expect(await findSession(ctx, token)).toBeUndefined();
    expect((await call(app, 'GET', '/api/me/methods', token)).statusCode).toBe(401);
    expect((await call(app, 'GET', `/api/admin/users/${guest.id}`, resource.admin.token)).statusCode).toBe(404);
    expect((await call(app, 'GET', '/api/admin/tenant', home.admin.token)).statusCode).toBe(200);
    expect((await auditOf(app, resource.admin.token)).some((e) => e.action === 'admin.guest.remove' && e.targetUserId === guest.id)).toBe(true);
  });

  it('sets trust of a home tenant\'s MFA per home domain: off by default, admins only, audited; unknown or own domains are not found', async () => {
    const url = `/api/admin/cross-tenant/${home.domain.toUpperCase()}`;
    expect((await call(app, 'GET', url, resource.helpdesk.token)).json()).toEqual({ homeDomain: home.domain, trustHomeMfa: false, updatedAt: null });
    expect(codeOf(await call(app, 'PUT', url, resource.helpdesk.token, { trustHomeMfa: true }))).toBe('ERR_FORBIDDEN');
    expect((await call(app, 'PUT', url, resource.admin.token, { trustHomeMfa: true, extra: 1 })).statusCode).toBe(400);
    const set = await call(app, 'PUT', url, resource.admin.token, { trustHomeMfa: true });
    expect(set.json()).toMatchObject({ homeDomain: home.domain, trustHomeMfa: true });
    expect((await call(app, 'GET', url, resource.admin.token)).json()).toMatchObject({ trustHomeMfa: true });
    // The setting is R's: H's view of R is its own (still off).
    expect((await call(app, 'GET', `/api/admin/cross-tenant/${resource.domain}`, home.admin.token)).json()).toMatchObject({ trustHomeMfa: false });
    const events = await auditOf(app, resource.admin.token);
    expect(events.some((e) => e.action === 'admin.cross_tenant.update' && (e.detail['after'] as { trustHomeMfa: boolean }).trustHomeMfa)).toBe(true);
    expect(codeOf(await call(app, 'GET', '/api/admin/cross-tenant/unknown.example', resource.admin.token))).toBe('ERR_NOT_FOUND');
    expect(codeOf(await call(app, 'PUT', `/api/admin/cross-tenant/${resource.domain}`, resource.admin.token, { trustHomeMfa: true }))).toBe('ERR_NOT_FOUND');
    expect(codeOf(await call(app, 'GET', '/api/admin/cross-tenant/not_a_domain', resource.admin.token))).toBe('ERR_VALIDATION');
  });
});
