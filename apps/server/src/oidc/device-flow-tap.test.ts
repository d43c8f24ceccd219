import { afterAll, beforeAll, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { newTestKey } from '../approvals/test-support/device.js';
import { revokeUserSessions } from '../auth/sessions.js';
import { forEachDialect } from '../db/test-support/dialects.js';
import { issueTap, revokeTap } from '../factors/index.js';
import { FormClient, signInFixture, type SignInFixture } from '../signin/test-support/fixtures.js';
import { authorizeUrl, clientsFile, confirmDeviceIfAsked, continueTo, DEVICE_GRANT, follow, pathOf, pkce, startDeviceFlow, tokenRequest } from './test-support/flow.js';

forEachDialect('OIDC device flow with a Temporary Access Pass', (get) => {
  let f: SignInFixture;
  beforeAll(async () => { f = await signInFixture(get(), { TESSERA_SERVER_OIDC_CLIENTS_FILE: clientsFile() }); });
  afterAll(async () => { await f.app.close(); });

  /** Starts the CLI's device flow and walks a browser to the sign-in page; returns the device code and the interaction. */
  async function startCliDeviceFlow(browser: FormClient): Promise<{ deviceCode: string; uid: string }> {
    const { deviceCode, location, uid } = await startDeviceFlow(f, browser);
    expect(pathOf(location)).toMatch(/^\/signin\?interaction=/);
    return { deviceCode, uid };
  }

  /** The password page offers the pass; the pass signs in and the device flow finishes. */
  async function signInWithTap(browser: FormClient, uid: string, pass: string): Promise<LightMyRequestResponse> {
    const signInPage = await browser.get(`/signin?interaction=${uid}`);
    expect(signInPage.body).toContain(`href="/signin/tap?interaction=${uid}"`);
    return browser.submit(`/signin/tap?interaction=${uid}`, '/signin/tap', { email: f.email, pass, interaction: uid });
  }

  async function deviceTokens(pass: string): Promise<{ accessToken: string; body: Record<string, unknown> }> {
    const browser = new FormClient(f.app);
    const { deviceCode, uid } = await startCliDeviceFlow(browser);
    const signedIn = await signInWithTap(browser, uid, pass);
    expect(signedIn.statusCode).toBe(200);
    const done = await confirmDeviceIfAsked(browser, await follow(browser, await browser.get(continueTo(signedIn))));
    expect(done.body).toContain('Device connected');
    const tokens = await tokenRequest(f, { grant_type: DEVICE_GRANT, device_code: deviceCode, client_id: 'tessera-cli' });
    expect(tokens.statusCode).toBe(200);
    const body = tokens.json<Record<string, unknown>>();
    return { accessToken: String(body['access_token']), body };
  }

  const call = (method: 'GET' | 'POST' | 'DELETE', url: string, token: string, payload?: Record<string, unknown>) =>
    f.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload === undefined ? {} : { payload }) });
  const codeOf = (r: LightMyRequestResponse): [number, string | undefined] => [r.statusCode, r.json<{ error?: { code: string } }>().error?.code];

  it('completes the device flow; the token registers a device, does nothing else, and no refresh token is issued', async () => {
    f.ctx.advance(60_000);
    const { pass } = await issueTap(f.ctx, { tenantId: f.tenantId, targetUserId: f.userId, actorUserId: f.adminId });
    const { accessToken, body } = await deviceTokens(pass);
    expect(body['refresh_token']).toBeUndefined();

    const key = await newTestKey();
    const registered = await call('POST', '/api/devices', accessToken, { name: 'Restored phone', publicKey: key.publicJwk });
    expect(registered.statusCode).toBe(201);
    const device = registered.json<{ device: { id: string; registeredWithTap: boolean } }>().device;
    expect(device.registeredWithTap).toBe(true);
    expect((await call('GET', '/api/devices', accessToken)).statusCode).toBe(200);

    expect(codeOf(await call('GET', '/api/admin/users', accessToken))).toEqual([403, 'ERR_TAP_ONLY_REGISTRATION']);
    expect(codeOf(await call('DELETE', `/api/devices/${device.id}`, accessToken))).toEqual([403, 'ERR_TAP_ONLY_REGISTRATION']);

    // A one-time pass was spent by the device flow: it signs in nowhere again.
    const again = new FormClient(f.app);
    const second = await startCliDeviceFlow(again);
    const refused = await signInWithTap(again, second.uid, pass);
    expect(refused.statusCode).toBe(401);
    await revokeUserSessions(f.ctx, f.tenantId, f.userId);
    expect(codeOf(await call('GET', '/api/devices', accessToken))).toEqual([401, 'ERR_UNAUTHENTICATED']);
  });

  it('the token dies when the pass expires, though the token itself has not', async () => {
    const { pass } = await issueTap(f.ctx, { tenantId: f.tenantId, targetUserId: f.userId, actorUserId: f.adminId, lifetimeMinutes: 60 });
    f.ctx.advance(55 * 60_000);
    const { accessToken } = await deviceTokens(pass);
    expect((await call('GET', '/api/devices', accessToken)).statusCode).toBe(200);
    f.ctx.advance(5 * 60_000 + 1000);
    expect(codeOf(await call('GET', '/api/devices', accessToken))).toEqual([401, 'ERR_UNAUTHENTICATED']);
  });

  it('the token dies when the pass is revoked', async () => {
    f.ctx.advance(60_000);
    const { pass } = await issueTap(f.ctx, { tenantId: f.tenantId, targetUserId: f.userId, actorUserId: f.adminId });
    const { accessToken } = await deviceTokens(pass);
    expect((await call('GET', '/api/devices', accessToken)).statusCode).toBe(200);
    expect(await revokeTap(f.ctx, { tenantId: f.tenantId, userId: f.userId, actorUserId: f.adminId })).toBe(true);
    expect(codeOf(await call('GET', '/api/devices', accessToken))).toEqual([401, 'ERR_UNAUTHENTICATED']);
  });

  it('a web app\'s sign-in is never completed by the TAP session the device flow left in the browser', async () => {
    f.ctx.advance(60_000);
    const { pass } = await issueTap(f.ctx, { tenantId: f.tenantId, targetUserId: f.userId, actorUserId: f.adminId });
    const browser = new FormClient(f.app);
    const { uid: deviceUid } = await startCliDeviceFlow(browser);
    expect((await signInWithTap(browser, deviceUid, pass)).statusCode).toBe(200);
    const start = await browser.get(authorizeUrl({ code_challenge: pkce().challenge, code_challenge_method: 'S256' }));
    const uid = /^\/interaction\/([A-Za-z0-9_-]+)$/.exec(pathOf(start.headers.location))?.[1] ?? '';
    const again = await browser.get(`/interaction/${uid}`);
    expect(pathOf(again.headers.location)).toBe(`/signin?interaction=${uid}`);
    // The TAP form does not carry a web app's sign-in on either: the person lands on /me.
    const { pass: second } = await issueTap(f.ctx, { tenantId: f.tenantId, targetUserId: f.userId, actorUserId: f.adminId });
    const tap = await browser.submit(`/signin/tap?interaction=${uid}`, '/signin/tap', { email: f.email, pass: second, interaction: uid });
    expect(tap.headers.location).toBe('/me');
    expect(pathOf((await browser.get(`/interaction/${uid}`)).headers.location)).toBe(`/signin?interaction=${uid}`);
  });
});
