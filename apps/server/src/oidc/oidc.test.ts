import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalJWKSet, jwtVerify } from 'jose';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { revokeUserSessions } from '../auth/sessions.js';
import { forEachDialect } from '../db/test-support/dialects.js';
import { issueTap } from '../factors/index.js';
import { csrfIn, FormClient, signInFixture, type SignInFixture } from '../signin/test-support/fixtures.js';
import { revokeUserGrants } from './revoke.js';

const REDIRECT = 'http://127.0.0.1:9/callback';

function clientsFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-oidc-'));
  const file = join(dir, 'clients.json');
  writeFileSync(file, JSON.stringify([{ client_id: 'demo', client_name: 'Demo app', redirect_uris: [REDIRECT] }]));
  return file;
}

function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

function pathOf(location: unknown): string {
  const url = new URL(String(location), 'http://localhost');
  return url.pathname + url.search;
}

/** Where a "signed in, continuing" page sends the browser (its meta refresh). */
function continueTo(response: LightMyRequestResponse): string {
  return /<meta http-equiv="refresh" content="0;url=([^"]+)">/.exec(response.body)?.[1] ?? '';
}

function authorizeUrl(params: Record<string, string>): string {
  return `/oidc/auth?${new URLSearchParams({ client_id: 'demo', response_type: 'code', redirect_uri: REDIRECT, scope: 'openid email', state: 'st-1', ...params }).toString()}`;
}

/** Follows same-server redirects until one leaves the server, asks to sign in, or a page is shown. */
async function follow(client: FormClient, first: LightMyRequestResponse): Promise<LightMyRequestResponse> {
  let response = first;
  for (let i = 0; i < 10 && response.statusCode >= 300 && response.statusCode < 400; i++) {
    const location = String(response.headers.location);
    if (location.startsWith(REDIRECT) || pathOf(location).startsWith('/signin')) return response;
    response = await client.get(pathOf(location));
  }
  return response;
}

async function tokenRequest(f: SignInFixture, fields: Record<string, string>): Promise<LightMyRequestResponse> {
  return f.app.inject({ method: 'POST', url: '/oidc/token', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(fields).toString() });
}

forEachDialect('OIDC provider', (get) => {
  let f: SignInFixture;
  beforeAll(async () => { f = await signInFixture(get(), { TESSERA_SERVER_OIDC_CLIENTS_FILE: clientsFile() }); });
  afterAll(async () => { await f.app.close(); });

  it('publishes discovery: the issuer under /oidc, S256 only, the device endpoint, security headers', async () => {
    const response = await f.app.inject({ method: 'GET', url: '/oidc/.well-known/openid-configuration' });
    expect(response.statusCode).toBe(200);
    const doc = response.json<Record<string, unknown>>();
    expect(doc['issuer']).toBe(`${f.ctx.config.publicUrl}/oidc`);
    expect(doc['code_challenge_methods_supported']).toEqual(['S256']);
    expect(doc['response_types_supported']).toEqual(['code']);
    expect(String(doc['device_authorization_endpoint'])).toMatch(/\/oidc\/device\/auth$/);
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['content-security-policy']).toContain("default-src 'none'");
  });

  it('refuses an authorization request without PKCE or with the plain method', async () => {
    const client = new FormClient(f.app);
    const none = await client.get(authorizeUrl({}));
    const plain = await client.get(authorizeUrl({ code_challenge: 'x'.repeat(43), code_challenge_method: 'plain' }));
    for (const r of [none, plain]) {
      expect(r.statusCode).toBe(303);
      const location = new URL(String(r.headers.location));
      expect(location.origin + location.pathname).toBe(REDIRECT);
      expect(location.searchParams.get('error')).toBe('invalid_request');
      expect(location.searchParams.get('code')).toBeNull();
    }
  });

  it('runs the authorization code flow with PKCE S256 through the sign-in pages; the ID token verifies', async () => {
    f.ctx.advance(30_000);
    const client = new FormClient(f.app);
    const { verifier, challenge } = pkce();
    const start = await client.get(authorizeUrl({ code_challenge: challenge, code_challenge_method: 'S256', nonce: 'n-1' }));
    const interaction = /^\/interaction\/([A-Za-z0-9_-]+)$/.exec(pathOf(start.headers.location))?.[1];
    expect(interaction).toBeDefined();
    const toSignIn = await client.get(`/interaction/${interaction ?? ''}`);
    expect(pathOf(toSignIn.headers.location)).toBe(`/signin?interaction=${interaction ?? ''}`);
    const signedIn = await client.signIn(f, { interaction: interaction ?? '' });
    expect(signedIn.statusCode).toBe(200);
    expect(continueTo(signedIn)).toBe(`/interaction/${interaction ?? ''}`);
    const back = await follow(client, await client.get(continueTo(signedIn)));
    const callback = new URL(String(back.headers.location));
    expect(callback.searchParams.get('state')).toBe('st-1');
    const code = callback.searchParams.get('code') ?? '';

    const wrongVerifier = await tokenRequest(f, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: 'demo', code_verifier: pkce().verifier });
    expect(wrongVerifier.statusCode).toBe(400);
    const start2 = await client.get(authorizeUrl({ code_challenge: challenge, code_challenge_method: 'S256', nonce: 'n-1' }));
    const code2 = new URL(String((await follow(client, start2)).headers.location)).searchParams.get('code') ?? '';
    const tokens = await tokenRequest(f, { grant_type: 'authorization_code', code: code2, redirect_uri: REDIRECT, client_id: 'demo', code_verifier: verifier });
    expect(tokens.statusCode).toBe(200);
    const body = tokens.json<{ id_token: string; access_token: string }>();
    const jwks = (await f.app.inject({ method: 'GET', url: '/oidc/jwks' })).json<{ keys: [] }>();
    const { payload } = await jwtVerify(body.id_token, createLocalJWKSet(jwks), { issuer: `${f.ctx.config.publicUrl}/oidc`, audience: 'demo' });
    expect(payload.sub).toBe(f.userId);
    expect(payload['nonce']).toBe('n-1');

    // Signing out from the app (RP-initiated logout, confirmed) ends the Tessera session too.
    expect((await client.get('/me')).statusCode).toBe(200);
    const logout = await client.get(`/oidc/session/end?client_id=demo`);
    expect(logout.body).toContain('Sign out');
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(logout.body)?.[1] ?? '';
    const confirmed = await client.post(String(/action="([^"]+)"/.exec(logout.body)?.[1]).replace(/^https?:\/\/[^/]+/, ''), { xsrf, logout: 'yes' });
    expect(confirmed.statusCode).toBe(303);
    await vi.waitFor(async () => { expect((await client.get('/me')).headers.location).toBe('/signin'); });

    // An app's own access token is not a key to the Tessera API.
    const api = await f.app.inject({ method: 'GET', url: '/api/me/methods', headers: { authorization: `Bearer ${body.access_token}` } });
    expect(api.statusCode).toBe(401);
  });

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
    let page = await follow(browser, entered);
    if (page.body.includes('Confirm the device')) {
      const confirmXsrf = /name="xsrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
      page = await follow(browser, await browser.post('/oidc/device', { xsrf: confirmXsrf, user_code: grant.user_code, confirm: 'yes' }));
    }
    expect(page.headers.location ?? '').toContain('/signin?interaction=');
    const signedIn = await browser.signIn(f, { interaction: /interaction=([A-Za-z0-9_-]+)/.exec(String(page.headers.location))?.[1] ?? '' });
    page = await follow(browser, await browser.get(continueTo(signedIn)));
    if (page.body.includes('Confirm the device')) {
      const confirmXsrf = /name="xsrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
      const code = /name="user_code" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
      page = await follow(browser, await browser.post(String(/action="([^"]+)"/.exec(page.body)?.[1]), { xsrf: confirmXsrf, user_code: code, confirm: 'yes' }));
    }
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
