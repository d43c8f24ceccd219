import { afterAll, beforeAll, expect, it } from 'vitest';
import { revokeUserSessions } from '../auth/sessions.js';
import { forEachDialect } from '../db/test-support/dialects.js';
import { issueTap } from '../factors/index.js';
import { csrfIn, FormClient, signInFixture, type SignInFixture } from '../signin/test-support/fixtures.js';
import { revokeUserGrants } from './revoke.js';
import { authorizeUrl, clientsFile, confirmDeviceIfAsked, continueTo, follow, pathOf, pkce, tokenRequest } from './test-support/flow.js';

forEachDialect('OIDC device flow and sign-in edges', (get) => {
  let f: SignInFixture;
  beforeAll(async () => { f = await signInFixture(get(), { TESSERA_SERVER_OIDC_CLIENTS_FILE: clientsFile() }); });
  afterAll(async () => { await f.app.close(); });

  it('completes the device flow; the CLI token works as a bearer until the session is revoked', async () => {
    const device = await f.app.inject({ method: 'POST', url: '/oidc/device/auth', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'client_id=tessera-cli&scope=openid%20offline_access' });
    expect(device.statusCode).toBe(200);
    const grant = device.json<{ device_code: string; user_code: string; verification_uri: string }>();
    const pending = await tokenRequest(f, { grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: grant.device_code, client_id: 'tessera-cli' });
    expect(pending.json()).toMatchObject({ error: 'authorization_pending' });

    f.ctx.advance(30_000);
    const browser = new FormClient(f.app);
    const form = await browser.get('/oidc/device');
    expect(form.body).toContain('<label for="field-user_code">');
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
    const entered = await browser.post('/oidc/device', { xsrf, user_code: grant.user_code });
    let page = await confirmDeviceIfAsked(browser, await follow(browser, entered));
    expect(page.headers.location ?? '').toContain('/signin?interaction=');
    const signedIn = await browser.signIn(f, { interaction: /interaction=([A-Za-z0-9_-]+)/.exec(String(page.headers.location))?.[1] ?? '' });
    page = await confirmDeviceIfAsked(browser, await follow(browser, await browser.get(continueTo(signedIn))));
    expect(page.body).toContain('Device connected');

    const tokens = await tokenRequest(f, { grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: grant.device_code, client_id: 'tessera-cli' });
    expect(tokens.statusCode).toBe(200);
    const { access_token: accessToken, refresh_token: refreshToken } = tokens.json<{ access_token: string; refresh_token?: string }>();
    expect(refreshToken).toBeDefined();
    const bearer = { authorization: `Bearer ${accessToken}` };
    const methods = await f.app.inject({ method: 'GET', url: '/api/me/methods', headers: bearer });
    expect(methods.statusCode).toBe(200);

    await revokeUserSessions(f.ctx, f.tenantId, f.userId);
    const after = await f.app.inject({ method: 'GET', url: '/api/me/methods', headers: bearer });
    expect(after.statusCode).toBe(401);
    expect(after.json()).toMatchObject({ error: { code: 'ERR_UNAUTHENTICATED' } });

    expect(await revokeUserGrants(f.ctx, f.tenantId, f.userId)).toBeGreaterThan(0);
    const refreshed = await tokenRequest(f, { grant_type: 'refresh_token', refresh_token: refreshToken ?? '', client_id: 'tessera-cli' });
    expect(refreshed.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('starts again on the way to the same app after a wrong code', async () => {
    f.ctx.advance(30_000);
    const client = new FormClient(f.app);
    const start = await client.get(authorizeUrl({ code_challenge: pkce().challenge, code_challenge_method: 'S256' }));
    const uid = /^\/interaction\/([A-Za-z0-9_-]+)$/.exec(pathOf(start.headers.location))?.[1] ?? '';
    const wrong = await client.signIn(f, { interaction: uid, code: '0000000' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toContain(`name="interaction" value="${uid}"`);
  });

  it('never completes an app sign-in with a Temporary Access Pass session', async () => {
    const { pass } = await issueTap(f.ctx, { tenantId: f.tenantId, targetUserId: f.userId, actorUserId: f.adminId });
    const client = new FormClient(f.app);
    const start = await client.get(authorizeUrl({ code_challenge: pkce().challenge, code_challenge_method: 'S256' }));
    const uid = /^\/interaction\/([A-Za-z0-9_-]+)$/.exec(pathOf(start.headers.location))?.[1] ?? '';
    const tap = await client.submit(`/signin/tap?interaction=${uid}`, '/signin/tap', { email: f.email, pass, interaction: uid });
    expect(tap.headers.location).toBe('/me');
    const again = await client.get(`/interaction/${uid}`);
    expect(pathOf(again.headers.location)).toBe(`/signin?interaction=${uid}`);
    expect(csrfIn((await client.get('/me')).body)).toBeTruthy();
  });
});
