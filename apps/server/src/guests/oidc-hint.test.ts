import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { findSession } from '../auth/sessions.js';
import { forEachDialect } from '../db/test-support/dialects.js';
import { authorizeUrl, clientsFile, continueTo, follow, pathOf, pkce, REDIRECT, tokenRequest } from '../oidc/test-support/flow.js';
import { csrfIn, FormClient, PASSWORD, totpNow } from '../signin/test-support/fixtures.js';
import { setTrust } from './trust.js';
import { guestFixture, type GuestFixture } from './test-support/fixture.js';

forEachDialect('guest sign-in to an app with domain_hint', (get) => {
  let f: GuestFixture;
  beforeAll(async () => {
    f = await guestFixture(get(), { TESSERA_SERVER_OIDC_CLIENTS_FILE: clientsFile() });
    await setTrust(f.ctx, { tenantId: f.resource.tenantId, homeDomain: f.domain, trustHomeMfa: true, actorUserId: f.resource.adminId });
  });
  afterAll(async () => { await f.app.close(); });

  it('carries domain_hint to the sign-in page as the tenant hint; the ID token is for the guest\'s account in R', async () => {
    const client = new FormClient(f.app);
    // Signed in at home already: that session does not answer a request meant for R.
    expect((await client.signIn(f)).headers.location).toBe('/me');
    f.ctx.advance(30_000);
    const { verifier, challenge } = pkce();
    const start = await client.get(authorizeUrl({ code_challenge: challenge, code_challenge_method: 'S256', domain_hint: f.resource.domain }));
    const uid = /^\/interaction\/([A-Za-z0-9_-]+)$/.exec(pathOf(start.headers.location))?.[1] ?? '';
    const toSignIn = await client.get(`/interaction/${uid}`);
    expect(pathOf(toSignIn.headers.location)).toBe(`/signin?interaction=${uid}&tenant=${f.resource.domain}`);

    const page = await client.get(pathOf(toSignIn.headers.location));
    await client.post('/signin', { csrf: csrfIn(page.body), email: f.email, password: PASSWORD, interaction: uid, tenant: f.resource.domain });
    const factor = await client.get('/signin/factor');
    const signedIn = await client.post('/signin/factor', { csrf: csrfIn(factor.body), methodId: f.totpMethodId, code: totpNow(f.ctx, f.totpSecret) });
    expect(continueTo(signedIn)).toBe(`/interaction/${uid}`);
    const back = await follow(client, await client.get(continueTo(signedIn)));
    const code = new URL(String(back.headers.location)).searchParams.get('code') ?? '';
    const tokens = await tokenRequest(f, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: 'demo', code_verifier: verifier });
    expect(tokens.statusCode).toBe(200);
    const jwks = (await f.app.inject({ method: 'GET', url: '/oidc/jwks' })).json<{ keys: [] }>();
    const { payload } = await jwtVerify(tokens.json<{ id_token: string }>().id_token, createLocalJWKSet(jwks), { issuer: `${f.ctx.config.publicUrl}/oidc`, audience: 'demo' });
    expect(payload.sub).toBe(f.guestId);
    const session = await findSession(f.ctx, client.cookies.get('tessera_session') ?? '');
    expect(session).toMatchObject({ tenantId: f.resource.tenantId, userId: f.guestId });
    expect(session?.amr).toEqual(expect.arrayContaining(['mfa', 'home_mfa']));
  });
});
