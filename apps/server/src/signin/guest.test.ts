import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findSession, type Session } from '../auth/sessions.js';
import { forEachDialect } from '../db/test-support/dialects.js';
import { issueTap } from '../factors/index.js';
import { call } from '../admin/test-support/fixture.js';
import { inviteGuest, setTrust } from '../guests/index.js';
import { enrolGuestTotp, guestFixture, type GuestFixture } from '../guests/test-support/fixture.js';
import { hashPassword } from '../passwords/index.js';
import { DEFAULT_POLICY, setTenantPolicy } from '../tenants/index.js';
import { seedUser } from '../test-support/context.js';
import { csrfIn, FormClient, PASSWORD, totpNow } from './test-support/fixtures.js';
import { SIGN_IN_FAILED_MESSAGE } from './views.js';

async function sessionOf(f: GuestFixture, client: FormClient): Promise<Session | undefined> {
  const token = client.cookies.get('tessera_session');
  return token === undefined ? undefined : findSession(f.ctx, token);
}

/** Password and TOTP at H with the tenant hint for R; returns the answer to the H code. */
async function homeSteps(f: GuestFixture, client: FormClient, tenant = f.resource.domain): Promise<{ status: number; location: string }> {
  const signInPage = await client.get(`/signin?tenant=${tenant}`);
  expect(signInPage.body).toContain(`name="tenant" value="${tenant}"`);
  const first = await client.post('/signin', { csrf: csrfIn(signInPage.body), email: f.email, password: PASSWORD, tenant });
  expect(first.headers.location).toBe('/signin/factor');
  const factor = await client.get('/signin/factor');
  const done = await client.post('/signin/factor', { csrf: csrfIn(factor.body), methodId: f.totpMethodId, code: totpNow(f.ctx, f.totpSecret) });
  return { status: done.statusCode, location: String(done.headers.location) };
}

forEachDialect('guest sign-in across organisations', (get) => {
  let f: GuestFixture;
  beforeEach(async () => { f = await guestFixture(get()); });
  afterEach(async () => { await f.app.close(); });

  it('with trust of the home MFA: no factor of R is asked; the session is R\'s, marked as MFA done at home', async () => {
    await setTrust(f.ctx, { tenantId: f.resource.tenantId, homeDomain: f.domain, trustHomeMfa: true, actorUserId: f.resource.adminId });
    const client = new FormClient(f.app);
    expect(await homeSteps(f, client)).toEqual({ status: 303, location: '/me' });
    const session = await sessionOf(f, client);
    expect(session).toMatchObject({ tenantId: f.resource.tenantId, userId: f.guestId, tapId: null });
    expect(session?.amr).toEqual(expect.arrayContaining(['pwd', 'mfa', 'home_mfa']));
    const me = await client.get('/me');
    expect(me.statusCode).toBe(200);
  });

  it('without trust: R\'s own TOTP is required, and H\'s methods are not accepted for R', async () => {
    const r = await enrolGuestTotp(f);
    const client = new FormClient(f.app);
    expect(await homeSteps(f, client)).toEqual({ status: 303, location: '/signin/factor' });
    expect(client.cookies.has('tessera_session')).toBe(false);
    const rPage = await client.get('/signin/factor');
    expect(rPage.body).toContain(r.methodId);
    expect(rPage.body).not.toContain(f.totpMethodId);
    // H's TOTP (a fresh, valid code for H) is no answer to R.
    f.ctx.advance(30_000);
    const withHome = await client.post('/signin/factor', { csrf: csrfIn(rPage.body), methodId: f.totpMethodId, code: totpNow(f.ctx, f.totpSecret) });
    expect(withHome.statusCode).toBe(401);
    expect(withHome.body).toContain(SIGN_IN_FAILED_MESSAGE);
    expect(client.cookies.has('tessera_session')).toBe(false);

    f.ctx.advance(30_000);
    expect(await homeSteps(f, client)).toEqual({ status: 303, location: '/signin/factor' });
    const again = await client.get('/signin/factor');
    const done = await client.post('/signin/factor', { csrf: csrfIn(again.body), methodId: r.methodId, code: totpNow(f.ctx, r.secret) });
    expect(done.headers.location).toBe('/me');
    const session = await sessionOf(f, client);
    expect(session).toMatchObject({ tenantId: f.resource.tenantId, userId: f.guestId });
    expect(session?.amr).not.toContain('home_mfa');
  });

  it('R\'s TAP onboards a guest: H password, then R\'s pass → a session in R that may only register methods', async () => {
    const client = new FormClient(f.app);
    // Without R methods and without trust, the home sign-in leads to R's pass page.
    expect(await homeSteps(f, client)).toEqual({ status: 303, location: `/signin/guest-tap?tenant=${f.resource.domain}` });
    const issued = await issueTap(f.ctx, { tenantId: f.resource.tenantId, targetUserId: f.guestId, actorUserId: f.resource.adminId });
    const page = await client.get(`/signin/guest-tap?tenant=${f.resource.domain}`);
    const wrongPassword = await client.post('/signin/guest-tap', { csrf: csrfIn(page.body), tenant: f.resource.domain, email: f.email, password: 'not the password', pass: issued.pass });
    expect(wrongPassword.statusCode).toBe(401);
    const done = await client.post('/signin/guest-tap', { csrf: csrfIn(page.body), tenant: f.resource.domain, email: f.email, password: PASSWORD, pass: issued.pass });
    expect(done.headers.location).toBe('/me');
    const session = await sessionOf(f, client);
    expect(session).toMatchObject({ tenantId: f.resource.tenantId, userId: f.guestId });
    expect(session?.tapId).not.toBeNull();
    const token = client.cookies.get('tessera_session') ?? '';
    expect((await call(f.app, 'GET', '/api/me/methods', token)).statusCode).toBe(200);
    expect((await call(f.app, 'GET', '/api/admin/guests', token)).statusCode).toBe(403);
    // A guest has no password of their own in R: it is their home account's.
    expect((await call(f.app, 'POST', '/api/me/password', token, { newPassword: 'a brand new passphrase 77' })).statusCode).toBe(403);
    // The pass was one-time: a second use fails like everything else.
    const reuse = await new FormClient(f.app).submit(`/signin/guest-tap?tenant=${f.resource.domain}`, '/signin/guest-tap', { tenant: f.resource.domain, email: f.email, password: PASSWORD, pass: issued.pass });
    expect(reuse.statusCode).toBe(401);
  });

  it('a person of H who is not a guest of R gets the generic failure, same as a wrong password', async () => {
    const other = `grace@${f.domain}`;
    await seedUser(f.ctx, f.tenantId, other, { passwordHash: await hashPassword(f.ctx, PASSWORD) });
    const tenant = f.resource.domain;
    const client = new FormClient(f.app);
    const notGuest = await client.submit(`/signin?tenant=${tenant}`, '/signin', { email: other, password: PASSWORD, tenant });
    const wrong = await client.submit(`/signin?tenant=${tenant}`, '/signin', { email: f.email, password: 'wrong password here', tenant });
    const unknownTenant = await new FormClient(f.app).submit('/signin?tenant=nowhere.example', '/signin', { email: f.email, password: PASSWORD, tenant: 'nowhere.example' });
    for (const r of [notGuest, wrong]) {
      expect(r.statusCode).toBe(401);
      expect(r.body).toContain(SIGN_IN_FAILED_MESSAGE);
    }
    expect(notGuest.body).toBe(wrong.body);
    expect(unknownTenant.statusCode).toBe(401);
    expect(unknownTenant.body).toContain(SIGN_IN_FAILED_MESSAGE);
    const guestTap = await new FormClient(f.app).submit(`/signin/guest-tap?tenant=${tenant}`, '/signin/guest-tap', { tenant, email: other, password: PASSWORD, pass: 'ABCD-EFGH-JKLM-NPQR' });
    expect(guestTap.statusCode).toBe(401);
  });

  it('a hint naming the home tenant is an ordinary sign-in at home', async () => {
    const client = new FormClient(f.app);
    expect(await homeSteps(f, client, f.domain)).toEqual({ status: 303, location: '/me' });
    expect(await sessionOf(f, client)).toMatchObject({ tenantId: f.tenantId, userId: f.userId });
  });

  it('R\'s policy applies to the guest: a kind R disables is not offered or accepted', async () => {
    await enrolGuestTotp(f);
    await setTenantPolicy(f.ctx, f.resource.tenantId, { ...DEFAULT_POLICY, methods: { totp: false, email: true, sms: true } });
    const client = new FormClient(f.app);
    expect(await homeSteps(f, client)).toEqual({ status: 303, location: `/signin/guest-tap?tenant=${f.resource.domain}` });
    expect(client.cookies.has('tessera_session')).toBe(false);
  });

  it('removing the guest ends their sessions in R, and a disabled guest cannot sign in to R', async () => {
    await setTrust(f.ctx, { tenantId: f.resource.tenantId, homeDomain: f.domain, trustHomeMfa: true, actorUserId: f.resource.adminId });
    const client = new FormClient(f.app);
    await homeSteps(f, client);
    expect((await client.get('/me')).statusCode).toBe(200);
    const removed = await call(f.app, 'DELETE', `/api/admin/guests/${f.guestId}`, f.resource.adminToken);
    expect(removed.statusCode).toBe(200);
    expect(removed.json<{ sessionsRevoked: number }>().sessionsRevoked).toBe(1);
    expect((await client.get('/me')).headers.location).toBe('/signin');
    expect(await sessionOf(f, client)).toBeUndefined();

    // Invited again, then disabled by R's admin: the home sign-in no longer reaches R.
    const again = await inviteGuest(f.ctx, { tenantId: f.resource.tenantId, email: f.email, actorUserId: f.resource.adminId });
    await call(f.app, 'PATCH', `/api/admin/users/${again.id}`, f.resource.adminToken, { status: 'disabled' });
    f.ctx.advance(30_000);
    const blocked = await new FormClient(f.app).submit(`/signin?tenant=${f.resource.domain}`, '/signin', { email: f.email, password: PASSWORD, tenant: f.resource.domain });
    expect(blocked.statusCode).toBe(401);
  });
});

describe('tenant hint', () => {
  it('is a DNS name pattern', async () => {
    const { TENANT_HINT } = await import('./guest.js');
    const pattern = new RegExp(TENANT_HINT.pattern);
    expect(pattern.test('school.example')).toBe(true);
    expect(pattern.test('a"b')).toBe(false);
  });
});
