import { afterEach, describe, expect, it } from 'vitest';
import { isCliError } from '../errors.js';
import { pollForTokens, startDeviceAuthorization, type DeviceAuthorization } from './device-flow.js';
import { discover, refreshTokens, revokeToken, type OidcEndpoints } from './oidc.js';
import { discoveryDocument, startListener, type Answer, type Listener } from './test-support/http-listener.js';

let listener: Listener | undefined;
afterEach(async () => {
  await listener?.close();
  listener = undefined;
});

/** A token endpoint that answers with `answers` in turn; discovery and device endpoint included. */
async function serverWith(tokenAnswers: Answer[], deviceAnswer?: Answer): Promise<{ listener: Listener; endpoints: OidcEndpoints }> {
  const queue = [...tokenAnswers];
  listener = await startListener((request, self) => {
    if (request.path === '/oidc/.well-known/openid-configuration') return { json: discoveryDocument(self.url) };
    if (request.path === '/oidc/device/auth') return deviceAnswer ?? { json: { device_code: 'dev-secret', user_code: 'BCDF-GHJK', verification_uri: `${self.url}/oidc/device`, verification_uri_complete: `${self.url}/oidc/device?user_code=BCDF-GHJK`, expires_in: 600, interval: 5 } };
    if (request.path === '/oidc/token') return queue.shift() ?? { status: 500, text: 'no more answers' };
    if (request.path === '/oidc/token/revocation') return { status: 200, text: '' };
    return { status: 404, json: { error: { code: 'ERR_NOT_FOUND', message: 'no such route' } } };
  });
  return { listener, endpoints: await discover(listener.url) };
}

const pending: Answer = { status: 400, json: { error: 'authorization_pending', error_description: 'authorization request is still pending' } };
const slowDown: Answer = { status: 400, json: { error: 'slow_down' } };
const tokens: Answer = { json: { access_token: 'at-1', refresh_token: 'rt-1', token_type: 'Bearer', expires_in: 600, scope: 'openid offline_access tessera:admin' } };

function fakeClock(start = 1_000_000): { now: () => number; sleep: (ms: number) => Promise<void>; slept: number[] } {
  let now = start;
  const slept: number[] = [];
  return {
    now: () => now,
    sleep: (ms) => {
      slept.push(ms);
      now += ms;
      return Promise.resolve();
    },
    slept,
  };
}

async function authorization(endpoints: OidcEndpoints, now: number): Promise<DeviceAuthorization> {
  return startDeviceAuthorization(endpoints, now);
}

describe('device authorization grant (RFC 8628)', () => {
  it('§3.1: asks as the public client tessera-cli for the admin scope, and shows the user code and URLs', async () => {
    const { listener: server, endpoints } = await serverWith([]);
    const started = await authorization(endpoints, 1000);
    const request = server.requests.find((r) => r.path === '/oidc/device/auth');
    expect(request?.body).toEqual({ client_id: 'tessera-cli', scope: 'openid offline_access tessera:admin' });
    expect(started).toMatchObject({ userCode: 'BCDF-GHJK', verificationUri: `${server.url}/oidc/device`, verificationUriComplete: `${server.url}/oidc/device?user_code=BCDF-GHJK`, expiresAt: 601_000, intervalSeconds: 5 });
  });

  it('§3.5: polls every interval, adds 5 s on each slow_down, and returns the tokens', async () => {
    const { listener: server, endpoints } = await serverWith([pending, slowDown, pending, slowDown, tokens]);
    const clock = fakeClock();
    const result = await pollForTokens(endpoints, await authorization(endpoints, clock.now()), clock);
    expect(clock.slept).toEqual([5000, 5000, 10_000, 10_000, 15_000]);
    expect(result).toEqual({ accessToken: 'at-1', refreshToken: 'rt-1', expiresAt: 1_000_000 + 45_000 + 600_000 });
    const polls = server.requests.filter((r) => r.path === '/oidc/token');
    expect(polls).toHaveLength(5);
    for (const poll of polls) expect(poll.body).toEqual({ grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: 'dev-secret', client_id: 'tessera-cli' });
  });

  it('defaults the interval to 5 s when the server names none', async () => {
    const { endpoints } = await serverWith([pending, tokens], { json: { device_code: 'd', user_code: 'U', verification_uri: 'http://127.0.0.1/oidc/device', expires_in: 300 } });
    const clock = fakeClock();
    await pollForTokens(endpoints, await authorization(endpoints, clock.now()), clock);
    expect(clock.slept).toEqual([5000, 5000]);
  });

  it('expired_token is ERR_ADMIN_LOGIN_EXPIRED', async () => {
    const { endpoints } = await serverWith([pending, { status: 400, json: { error: 'expired_token' } }]);
    const clock = fakeClock();
    await expect(pollForTokens(endpoints, await authorization(endpoints, clock.now()), clock)).rejects.toMatchObject({ code: 'ERR_ADMIN_LOGIN_EXPIRED' });
  });

  it('stops by itself once expires_in has passed, without asking the server again', async () => {
    const { listener: server, endpoints } = await serverWith(Array.from({ length: 200 }, () => pending));
    const clock = fakeClock();
    await expect(pollForTokens(endpoints, await authorization(endpoints, clock.now()), clock)).rejects.toMatchObject({ code: 'ERR_ADMIN_LOGIN_EXPIRED' });
    expect(server.requests.filter((r) => r.path === '/oidc/token')).toHaveLength(119);
  });

  it('access_denied is ERR_ADMIN_LOGIN_DENIED', async () => {
    const { endpoints } = await serverWith([{ status: 400, json: { error: 'access_denied', error_description: 'End-User aborted interaction' } }]);
    const clock = fakeClock();
    await expect(pollForTokens(endpoints, await authorization(endpoints, clock.now()), clock)).rejects.toMatchObject({ code: 'ERR_ADMIN_LOGIN_DENIED' });
  });

  it('other OAuth errors, server failures and answers without a bearer token are ERR_SERVER_FAILED', async () => {
    for (const answer of [
      { status: 400, json: { error: 'invalid_client', error_description: 'client authentication failed' } },
      { status: 502, text: 'bad gateway' },
      { json: { access_token: 'x', token_type: 'DPoP', expires_in: 60 } },
      { status: 400, text: '<html>oops</html>' },
    ] satisfies Answer[]) {
      const { endpoints } = await serverWith([answer]);
      const clock = fakeClock();
      const error: unknown = await pollForTokens(endpoints, await authorization(endpoints, clock.now()), clock).catch((e: unknown) => e);
      expect(isCliError(error, 'ERR_SERVER_FAILED')).toBe(true);
      await listener?.close();
      listener = undefined;
    }
  });

  it('a refused device authorization request is ERR_SERVER_FAILED with the server\'s reason, stripped of control characters', async () => {
    const { endpoints } = await serverWith([], { status: 400, json: { error: 'invalid_scope', error_description: 'bad\u001b[2J scope' } });
    await expect(authorization(endpoints, 0)).rejects.toMatchObject({ code: 'ERR_SERVER_FAILED', message: 'The server refused to start a sign-in: bad[2J scope.' });
  });
});

describe('OIDC discovery, refresh and revocation', () => {
  it('finds the endpoints and refuses plain-HTTP endpoints off this machine', async () => {
    listener = await startListener((request, self) => request.path.endsWith('openid-configuration')
      ? { json: { ...discoveryDocument(self.url), token_endpoint: 'http://id.example.com/oidc/token' } }
      : { status: 404 });
    await expect(discover(listener.url)).rejects.toMatchObject({ code: 'ERR_SERVER_FAILED' });
  });

  it('takes the userinfo endpoint from the same document; an unusable one is left out, not an admin login failure', async () => {
    let userinfo = '';
    listener = await startListener((_request, self) => ({ json: { ...discoveryDocument(self.url), userinfo_endpoint: userinfo || `${self.url}/oidc/me` } }));
    expect((await discover(listener.url)).userinfoEndpoint).toBe(`${listener.url}/oidc/me`);
    userinfo = 'http://id.example.com/oidc/me';
    expect((await discover(listener.url)).userinfoEndpoint).toBeUndefined();
  });

  it('a server without discovery is ERR_SERVER_NOT_FOUND; one without the device grant is ERR_SERVER_FAILED', async () => {
    listener = await startListener(() => ({ status: 404, json: { error: { code: 'ERR_NOT_FOUND', message: 'no such route' } } }));
    await expect(discover(listener.url)).rejects.toMatchObject({ code: 'ERR_SERVER_NOT_FOUND' });
    await listener.close();
    listener = await startListener((_request, self) => ({ json: { issuer: self.url, token_endpoint: `${self.url}/token` } }));
    await expect(discover(listener.url)).rejects.toMatchObject({ code: 'ERR_SERVER_FAILED' });
  });

  it('refresh sends the refresh token as tessera-cli, keeps it when the server does not rotate it, and invalid_grant means sign in again', async () => {
    const { listener: server, endpoints } = await serverWith([
      { json: { access_token: 'at-2', refresh_token: 'rt-2', token_type: 'Bearer', expires_in: 600 } },
      { json: { access_token: 'at-3', token_type: 'bearer', expires_in: 60 } },
      { status: 400, json: { error: 'invalid_grant', error_description: 'grant request is invalid' } },
    ]);
    expect(await refreshTokens(endpoints, 'rt-1', 0)).toEqual({ accessToken: 'at-2', refreshToken: 'rt-2', expiresAt: 600_000 });
    expect(server.requests.at(-1)?.body).toEqual({ grant_type: 'refresh_token', refresh_token: 'rt-1', client_id: 'tessera-cli' });
    expect(await refreshTokens(endpoints, 'rt-2', 0)).toEqual({ accessToken: 'at-3', refreshToken: 'rt-2', expiresAt: 60_000 });
    await expect(refreshTokens(endpoints, 'rt-2', 0)).rejects.toMatchObject({ code: 'ERR_ADMIN_SIGN_IN_REQUIRED' });
  });

  it('revokes with a token type hint (RFC 7009), and skips servers without a revocation endpoint', async () => {
    const { listener: server, endpoints } = await serverWith([]);
    expect(await revokeToken(endpoints, 'rt-1', 'refresh_token')).toBe(true);
    expect(server.requests.at(-1)).toMatchObject({ path: '/oidc/token/revocation', body: { token: 'rt-1', token_type_hint: 'refresh_token', client_id: 'tessera-cli' } });
    expect(await revokeToken({ ...endpoints, revocationEndpoint: undefined }, 'rt-1', 'refresh_token')).toBe(false);
  });
});
