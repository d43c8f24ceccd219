import type { LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { newTestKey } from '../approvals/test-support/device.js';
import { findSession } from '../auth/sessions.js';
import { forEachDialect } from '../db/test-support/dialects.js';
import { listDevices } from '../devices/devices.js';
import { issueTap } from '../factors/index.js';
import { guestFixture, type GuestFixture } from '../guests/test-support/fixture.js';
import { authorizeUrl, clientsFile, confirmDeviceIfAsked, continueTo, DEVICE_GRANT, follow, pathOf, pkce, startDeviceFlow, tokenRequest } from '../oidc/test-support/flow.js';
import { hashPassword } from '../passwords/index.js';
import { seedUser } from '../test-support/context.js';
import { csrfIn, FormClient, PASSWORD, totpNow } from './test-support/fixtures.js';
import { SIGN_IN_FAILED_MESSAGE } from './views.js';

forEachDialect('guest Temporary Access Pass with an OIDC interaction', (get) => {
  let f: GuestFixture;
  beforeEach(async () => { f = await guestFixture(get(), { TESSERA_SERVER_OIDC_CLIENTS_FILE: clientsFile() }); });
  afterEach(async () => { await f.app.close(); });

  const hidden = (name: string, value: string): string => `name="${name}" value="${value}"`;

  /** `tessera work add … --tenant R`: the CLI's device flow with R's domain as `domain_hint`, walked to the sign-in page. */
  async function startGuestDeviceFlow(browser: FormClient): Promise<{ deviceCode: string; uid: string }> {
    const { deviceCode, location, uid } = await startDeviceFlow(f, browser, { domain_hint: f.resource.domain });
    expect(pathOf(location)).toBe(`/signin?interaction=${uid}&tenant=${f.resource.domain}`);
    return { deviceCode, uid };
  }

  /** Password and TOTP at H for the interaction `uid`, hinted at R; returns where H's sign-in sends the browser. */
  async function homeSteps(browser: FormClient, uid: string): Promise<string> {
    const tenant = f.resource.domain;
    const signInPage = await browser.get(`/signin?interaction=${uid}&tenant=${tenant}`);
    // The password page's pass link for a guest goes to R's pass page, still for this interaction.
    expect(signInPage.body).toContain(`href="/signin/guest-tap?tenant=${tenant}&amp;interaction=${uid}"`);
    const first = await browser.post('/signin', { csrf: csrfIn(signInPage.body), email: f.email, password: PASSWORD, interaction: uid, tenant });
    expect(first.headers.location).toBe('/signin/factor');
    const factor = await browser.get('/signin/factor');
    const done = await browser.post('/signin/factor', { csrf: csrfIn(factor.body), methodId: f.totpMethodId, code: totpNow(f.ctx, f.totpSecret) });
    expect(done.statusCode).toBe(303);
    return String(done.headers.location);
  }

  const call = (method: 'GET' | 'POST' | 'DELETE', url: string, token: string, payload?: Record<string, unknown>) =>
    f.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload === undefined ? {} : { payload }) });
  const codeOf = (r: LightMyRequestResponse): [number, string | undefined] => [r.statusCode, r.json<{ error?: { code: string } }>().error?.code];

  it('a guest without an R method finishes the CLI\'s device flow with the home password and R\'s pass; the token may only register', async () => {
    const browser = new FormClient(f.app);
    const { deviceCode, uid } = await startGuestDeviceFlow(browser);
    const tenant = f.resource.domain;
    const guestTap = `/signin/guest-tap?tenant=${tenant}&interaction=${uid}`;
    expect(await homeSteps(browser, uid)).toBe(guestTap);
    expect(browser.cookies.has('tessera_session')).toBe(false);

    const page = await browser.get(guestTap);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(hidden('interaction', uid));
    expect(page.body).toContain(hidden('tenant', tenant));
    // The way back to R's second factor keeps both too.
    expect(page.body).toContain(`href="/signin?tenant=${tenant}&amp;interaction=${uid}"`);

    const { pass } = await issueTap(f.ctx, { tenantId: f.resource.tenantId, targetUserId: f.guestId, actorUserId: f.resource.adminId });
    const signedIn = await browser.post('/signin/guest-tap', { csrf: csrfIn(page.body), tenant, interaction: uid, email: f.email, password: PASSWORD, pass });
    expect(signedIn.statusCode).toBe(200);
    expect(continueTo(signedIn)).toBe(`/interaction/${uid}`);
    const session = await findSession(f.ctx, browser.cookies.get('tessera_session') ?? '');
    expect(session).toMatchObject({ tenantId: f.resource.tenantId, userId: f.guestId });
    expect(session?.tapId).not.toBeNull();

    const done = await confirmDeviceIfAsked(browser, await follow(browser, await browser.get(continueTo(signedIn))));
    expect(done.body).toContain('Device connected');
    const tokens = await tokenRequest(f, { grant_type: DEVICE_GRANT, device_code: deviceCode, client_id: 'tessera-cli' });
    expect(tokens.statusCode).toBe(200);
    const body = tokens.json<Record<string, unknown>>();
    expect(body['refresh_token']).toBeUndefined();
    const accessToken = String(body['access_token']);

    // The token is the guest's in R (what the CLI reads from userinfo), and registers a device there; nothing else.
    const info = await call('GET', '/oidc/me', accessToken);
    expect(info.statusCode).toBe(200);
    expect(info.json<{ sub: string; email: string }>()).toMatchObject({ sub: f.guestId, email: f.email });
    const key = await newTestKey();
    const registered = await call('POST', '/api/devices', accessToken, { name: 'Phone for R', publicKey: key.publicJwk });
    expect(registered.statusCode).toBe(201);
    const device = registered.json<{ device: { id: string; registeredWithTap: boolean } }>().device;
    expect(device.registeredWithTap).toBe(true);
    expect((await listDevices(f.ctx, f.resource.tenantId, f.guestId)).map((d) => d.id)).toEqual([device.id]);
    expect(await listDevices(f.ctx, f.tenantId, f.userId)).toEqual([]);
    expect((await call('GET', '/api/devices', accessToken)).statusCode).toBe(200);
    expect(codeOf(await call('GET', '/api/admin/users', accessToken))).toEqual([403, 'ERR_TAP_ONLY_REGISTRATION']);
    expect(codeOf(await call('DELETE', `/api/devices/${device.id}`, accessToken))).toEqual([403, 'ERR_TAP_ONLY_REGISTRATION']);
  });

  it('a web app\'s sign-in is not finished by R\'s pass: the guest gets a registration session on /me and the app\'s request stays open', async () => {
    const browser = new FormClient(f.app);
    const tenant = f.resource.domain;
    const start = await browser.get(authorizeUrl({ code_challenge: pkce().challenge, code_challenge_method: 'S256', domain_hint: tenant }));
    const uid = /^\/interaction\/([A-Za-z0-9_-]+)$/.exec(pathOf(start.headers.location))?.[1] ?? '';
    expect(pathOf((await browser.get(`/interaction/${uid}`)).headers.location)).toBe(`/signin?interaction=${uid}&tenant=${tenant}`);
    const guestTap = `/signin/guest-tap?tenant=${tenant}&interaction=${uid}`;
    expect(await homeSteps(browser, uid)).toBe(guestTap);

    const { pass } = await issueTap(f.ctx, { tenantId: f.resource.tenantId, targetUserId: f.guestId, actorUserId: f.resource.adminId });
    const tap = await browser.submit(guestTap, '/signin/guest-tap', { tenant, interaction: uid, email: f.email, password: PASSWORD, pass });
    expect(tap.statusCode).toBe(303);
    expect(tap.headers.location).toBe('/me');
    const session = await findSession(f.ctx, browser.cookies.get('tessera_session') ?? '');
    expect(session).toMatchObject({ tenantId: f.resource.tenantId, userId: f.guestId });
    expect(session?.tapId).not.toBeNull();
    expect(pathOf((await browser.get(`/interaction/${uid}`)).headers.location)).toBe(`/signin?interaction=${uid}&tenant=${tenant}`);
  });

  it('a wrong pass, a wrong password or a person who is not a guest of R get the generic failure, and the form keeps the interaction', async () => {
    const other = `grace@${f.domain}`;
    await seedUser(f.ctx, f.tenantId, other, { passwordHash: await hashPassword(f.ctx, PASSWORD) });
    const browser = new FormClient(f.app);
    const { deviceCode, uid } = await startGuestDeviceFlow(browser);
    const tenant = f.resource.domain;
    const guestTap = `/signin/guest-tap?tenant=${tenant}&interaction=${uid}`;
    expect(await homeSteps(browser, uid)).toBe(guestTap);
    const { pass } = await issueTap(f.ctx, { tenantId: f.resource.tenantId, targetUserId: f.guestId, actorUserId: f.resource.adminId });

    const page = await browser.get(guestTap);
    const attempt = (fields: Record<string, string>) => browser.post('/signin/guest-tap', { csrf: csrfIn(page.body), tenant, interaction: uid, ...fields });
    const wrongPass = await attempt({ email: f.email, password: PASSWORD, pass: 'ABCD-EFGH-JKLM-NPQR' });
    const wrongPassword = await attempt({ email: f.email, password: 'not the password', pass });
    const notGuest = await attempt({ email: other, password: PASSWORD, pass });
    for (const r of [wrongPass, wrongPassword, notGuest]) {
      expect(r.statusCode).toBe(401);
      expect(r.body).toContain(SIGN_IN_FAILED_MESSAGE);
      expect(r.body).toContain(hidden('interaction', uid));
      expect(r.body).toContain(hidden('tenant', tenant));
    }
    expect(wrongPassword.body).toBe(wrongPass.body);
    expect(notGuest.body).toBe(wrongPass.body);
    expect(browser.cookies.has('tessera_session')).toBe(false);
    const pending = await tokenRequest(f, { grant_type: DEVICE_GRANT, device_code: deviceCode, client_id: 'tessera-cli' });
    expect(pending.json<{ error?: string }>().error).toBe('authorization_pending');

    // The form shown again still finishes the device flow.
    const signedIn = await browser.post('/signin/guest-tap', { csrf: csrfIn(wrongPass.body), tenant, interaction: uid, email: f.email, password: PASSWORD, pass });
    expect(continueTo(signedIn)).toBe(`/interaction/${uid}`);
  });
});
