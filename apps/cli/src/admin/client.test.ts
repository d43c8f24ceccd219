import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testIo } from '../test-support/memory-io.js';
import { getTenant } from './admin-api.js';
import { AdminClient } from './client.js';
import { openConnection, signInPath } from './connection.js';
import { readSignIn, writeSignIn } from './credentials.js';
import { discoveryDocument, startListener, type Answer, type Listener, type RecordedRequest } from './test-support/http-listener.js';

let dir: string;
let listener: Listener | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tessera-admin-'));
});
afterEach(async () => {
  await listener?.close();
  listener = undefined;
  await rm(dir, { recursive: true, force: true });
});

const NOW = 1_800_000_000_000;
const TENANT = { id: 't1', name: 'Example', domains: ['example.com'], policy: {} };

/** A server whose admin API accepts only `validTokens`, and whose token endpoint answers `refreshAnswers` in turn. */
async function server(validTokens: Set<string>, refreshAnswers: Answer[] = [], apiAnswer?: (request: RecordedRequest) => Answer | undefined): Promise<Listener> {
  listener = await startListener((request, self) => {
    if (request.path === '/oidc/.well-known/openid-configuration') return { json: discoveryDocument(self.url) };
    if (request.path === '/oidc/token') return refreshAnswers.shift() ?? { status: 400, json: { error: 'invalid_grant' } };
    const special = apiAnswer?.(request);
    if (special !== undefined) return special;
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (token === undefined || !validTokens.has(token)) return { status: 401, json: { error: { code: 'ERR_UNAUTHENTICATED', message: 'sign in first' } } };
    return { json: TENANT };
  });
  return listener;
}

function io(env: Record<string, string> = {}) {
  return { ...testIo({ env: { TESSERA_CONFIG_DIR: dir, ...env } }), now: () => NOW };
}

async function store(serverUrl: string, accessToken: string, expiresAt: number, refresh = true): Promise<void> {
  await writeSignIn(signInPath(io()), { server: serverUrl, accessToken, refreshToken: refresh ? 'rt-1' : undefined, expiresAt });
}

describe('admin connection', () => {
  it('refreshes an expired access token before the call and stores the new tokens 0600', async () => {
    const api = await server(new Set(['at-2']), [{ json: { access_token: 'at-2', refresh_token: 'rt-2', token_type: 'Bearer', expires_in: 600 } }]);
    await store(api.url, 'at-1', NOW + 30_000);
    const client = new AdminClient(await openConnection(io(), {}));
    expect(await getTenant(client)).toEqual(TENANT);
    expect(api.requests.map((r) => r.path)).toEqual(['/oidc/.well-known/openid-configuration', '/oidc/token', '/api/admin/tenant']);
    expect(api.requests[1]?.body).toMatchObject({ grant_type: 'refresh_token', refresh_token: 'rt-1' });
    const path = signInPath(io());
    expect(await readSignIn(path)).toEqual({ server: api.url, accessToken: 'at-2', refreshToken: 'rt-2', expiresAt: NOW + 600_000 });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('renews once when the server no longer accepts the token, then repeats the call', async () => {
    const api = await server(new Set(['at-2']), [{ json: { access_token: 'at-2', token_type: 'Bearer', expires_in: 600 } }]);
    await store(api.url, 'at-1', NOW + 600_000);
    expect(await getTenant(new AdminClient(await openConnection(io(), {})))).toEqual(TENANT);
    expect(api.requests.filter((r) => r.path === '/api/admin/tenant').map((r) => r.headers.authorization)).toEqual(['Bearer at-1', 'Bearer at-2']);
    expect((await readSignIn(signInPath(io())))?.refreshToken).toBe('rt-1');
  });

  it('asks to sign in again when the refresh token is refused too, without looping', async () => {
    const api = await server(new Set());
    await store(api.url, 'at-1', NOW + 600_000);
    await expect(getTenant(new AdminClient(await openConnection(io(), {})))).rejects.toMatchObject({ code: 'ERR_ADMIN_SIGN_IN_REQUIRED' });
    expect(api.requests.filter((r) => r.path === '/api/admin/tenant')).toHaveLength(1);
  });

  it('does not refresh on a step-up refusal: only a new sign-in helps', async () => {
    const api = await server(new Set(['at-1']), [], () => ({ status: 401, json: { error: { code: 'ERR_STEP_UP_REQUIRED', message: 'sign in again to confirm this action' } } }));
    await store(api.url, 'at-1', NOW + 600_000);
    await expect(getTenant(new AdminClient(await openConnection(io(), {})))).rejects.toMatchObject({ code: 'ERR_SERVER_UNAUTHENTICATED', serverCode: 'ERR_STEP_UP_REQUIRED' });
    expect(api.requests.some((r) => r.path === '/oidc/token')).toBe(false);
  });

  it('an expired sign-in without a refresh token asks to sign in again', async () => {
    const api = await server(new Set());
    await store(api.url, 'at-1', NOW - 1, false);
    await expect(getTenant(new AdminClient(await openConnection(io(), {})))).rejects.toMatchObject({ code: 'ERR_ADMIN_SIGN_IN_REQUIRED' });
    expect(api.requests).toHaveLength(0);
  });

  it('a token from the environment or --token is used as given, with the server from the environment or --server', async () => {
    const api = await server(new Set(['automation']));
    expect(await getTenant(new AdminClient(await openConnection(io({ TESSERA_ADMIN_TOKEN: 'automation', TESSERA_ADMIN_SERVER: api.url }), {})))).toEqual(TENANT);
    expect(await getTenant(new AdminClient(await openConnection(io(), { token: 'automation', server: api.url })))).toEqual(TENANT);
    await expect(openConnection(io(), { token: 'automation' })).rejects.toMatchObject({ code: 'ERR_ADMIN_SERVER_INVALID' });
  });

  it('never sends a stored sign-in to another server', async () => {
    const api = await server(new Set(['at-1']));
    await store('https://id.example.com', 'at-1', NOW + 600_000);
    await expect(openConnection(io(), { server: api.url })).rejects.toMatchObject({ code: 'ERR_ADMIN_SIGN_IN_REQUIRED' });
    expect(api.requests).toHaveLength(0);
  });

  it('without a sign-in, or with a damaged file, says what to do', async () => {
    await expect(openConnection(io(), {})).rejects.toMatchObject({ code: 'ERR_ADMIN_SIGN_IN_REQUIRED' });
    await writeFile(signInPath(io()), '{"version":1,"server":');
    await expect(openConnection(io(), {})).rejects.toMatchObject({ code: 'ERR_ADMIN_CREDENTIALS_INVALID' });
    await writeFile(signInPath(io()), JSON.stringify({ version: 2, server: 'x', accessToken: 'y', expiresAt: 1 }));
    await expect(openConnection(io(), {})).rejects.toMatchObject({ code: 'ERR_ADMIN_CREDENTIALS_INVALID' });
  });

  it('sends tokens only in the Authorization header, never in a URL', async () => {
    const api = await server(new Set(['at-1']));
    await store(api.url, 'at-1', NOW + 600_000);
    await getTenant(new AdminClient(await openConnection(io(), {})));
    for (const request of api.requests) expect(`${request.path}?${request.query.toString()}`).not.toContain('at-1');
    expect(await readFile(signInPath(io()), 'utf8')).toContain('"accessToken": "at-1"');
  });
});
