import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { buildApp } from '../app.js';
import { forEachDialect } from '../db/test-support/dialects.js';
import { FormClient, signInFixture, type SignInFixture } from '../signin/test-support/fixtures.js';
import { authorizeUrl, clientsFile, continueTo, follow, pathOf, pkce, REDIRECT, tokenRequest } from './test-support/flow.js';

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

  it('shares state between instances: a flow started on one finishes on another, whose keys verify the token', async () => {
    const second = await buildApp(f.ctx);
    try {
      f.ctx.advance(30_000);
      const first = new FormClient(f.app);
      const { verifier, challenge } = pkce();
      const start = await first.get(authorizeUrl({ code_challenge: challenge, code_challenge_method: 'S256' }));
      const other = new FormClient(second);
      for (const [name, value] of first.cookies) other.cookies.set(name, value);
      const uid = /^\/interaction\/([A-Za-z0-9_-]+)$/.exec(pathOf(start.headers.location))?.[1] ?? '';
      const signedIn = await other.signIn(f, { interaction: uid });
      const back = await follow(other, await other.get(continueTo(signedIn)));
      const code = new URL(String(back.headers.location)).searchParams.get('code') ?? '';
      const tokens = await tokenRequest(f, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: 'demo', code_verifier: verifier });
      expect(tokens.statusCode).toBe(200);
      const jwks = (await second.inject({ method: 'GET', url: '/oidc/jwks' })).json<{ keys: [] }>();
      const { payload } = await jwtVerify(tokens.json<{ id_token: string }>().id_token, createLocalJWKSet(jwks), { issuer: `${f.ctx.config.publicUrl}/oidc`, audience: 'demo' });
      expect(payload.sub).toBe(f.userId);
    } finally {
      await second.close();
    }
  });

});
