import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../cli.js';
import { testIo } from '../../test-support/memory-io.js';
import { signInPath } from '../connection.js';
import { writeSignIn } from '../credentials.js';
import { discoveryDocument, startListener, type Answer, type Listener, type RecordedRequest } from '../test-support/http-listener.js';

let dir: string;
let listener: Listener | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tessera-admin-guests-'));
});
afterEach(async () => {
  await listener?.close();
  listener = undefined;
  await rm(dir, { recursive: true, force: true });
});

const ADA = { id: 'g-ada', email: 'ada@partner.example', displayName: 'Ada', homeDomain: 'partner.example', status: 'active', createdAt: Date.parse('2026-11-25T10:00:00Z') };

async function serve(route: (request: RecordedRequest) => Answer | undefined): Promise<Listener> {
  listener = await startListener((request, self) => {
    if (request.path === '/oidc/.well-known/openid-configuration') return { json: discoveryDocument(self.url) };
    if (request.headers.authorization !== 'Bearer secret-access') return { status: 401, json: { error: { code: 'ERR_UNAUTHENTICATED', message: 'sign in first' } } };
    return route(request) ?? { status: 404, json: { error: { code: 'ERR_NOT_FOUND', message: 'no such route' } } };
  });
  await writeSignIn(signInPath(testIo({ env: { TESSERA_CONFIG_DIR: dir }, cwd: dir })), { server: listener.url, accessToken: 'secret-access', refreshToken: 'secret-refresh', expiresAt: Date.now() + 600_000 });
  return listener;
}

async function tessera(args: string[], options: { stdinIsTTY?: boolean; stdin?: string } = {}) {
  const io = { ...testIo({ env: { TESSERA_CONFIG_DIR: dir }, cwd: dir, ...(options.stdin === undefined ? {} : { stdin: options.stdin }), ...(options.stdinIsTTY === undefined ? {} : { stdinIsTTY: options.stdinIsTTY }) }), now: () => Date.now() };
  const code = await runCli(args, io);
  return { code, stdout: io.stdout.text(), stderr: io.stderr.text() };
}

describe('tessera admin guests / trust', () => {
  it('invites a guest and says what comes next; --json prints the guest', async () => {
    const server = await serve((request) => request.method === 'POST' && request.path === '/api/admin/guests' ? { status: 201, json: ADA } : undefined);
    const result = await tessera(['admin', 'guests', 'invite', 'ada@partner.example']);
    expect(result.code).toBe(0);
    expect(server.requests.at(-1)?.body).toEqual({ email: 'ada@partner.example' });
    expect(result.stdout).toContain('ada@partner.example invited as a guest (home organisation: partner.example)');
    expect(result.stdout).toContain('tessera admin tap issue ada@partner.example');
    const json = await tessera(['admin', 'guests', 'invite', 'ada@partner.example', '--json']);
    expect(JSON.parse(json.stdout)).toEqual(ADA);
  });

  it('an address the server refuses to invite exits with its code', async () => {
    await serve(() => ({ status: 400, json: { error: { code: 'ERR_VALIDATION', message: 'this address cannot be invited as a guest' } } }));
    const result = await tessera(['admin', 'guests', 'invite', 'nobody@nowhere.example']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('this address cannot be invited as a guest');
  });

  it('lists guests as a table or JSON', async () => {
    await serve((request) => request.path === '/api/admin/guests' ? { json: { guests: [ADA] } } : undefined);
    const table = await tessera(['admin', 'guests', 'list']);
    expect(table.stdout).toMatch(/ada@partner\.example\s+Ada\s+partner\.example\s+active\s+2026-11-25 10:00:00Z\s+g-ada/);
    expect(JSON.parse((await tessera(['admin', 'guests', 'list', '--json'])).stdout)).toEqual({ guests: [ADA] });
  });

  it('remove asks first, finds the guest by email or id, and an unknown guest exits 4', async () => {
    const server = await serve((request) => {
      if (request.path === '/api/admin/guests') return { json: { guests: [ADA] } };
      if (request.method === 'DELETE' && request.path === '/api/admin/guests/g-ada') return { json: { sessionsRevoked: 1, grantsRevoked: 0 } };
      return undefined;
    });
    expect((await tessera(['admin', 'guests', 'remove', 'ADA@partner.example'])).code).toBe(2);
    expect((await tessera(['admin', 'guests', 'remove', 'g-ada'], { stdinIsTTY: true, stdin: 'n\n' })).code).toBe(130);
    expect(server.requests.some((r) => r.method === 'DELETE')).toBe(false);
    const removed = await tessera(['admin', 'guests', 'remove', 'ADA@partner.example', '--yes']);
    expect(removed.code).toBe(0);
    expect(server.requests.at(-1)).toMatchObject({ method: 'DELETE', path: '/api/admin/guests/g-ada' });
    const unknown = await tessera(['admin', 'guests', 'remove', 'bob@partner.example', '--yes']);
    expect(unknown.code).toBe(4);
    expect(unknown.stderr).toContain('[ERR_ADMIN_USER_NOT_FOUND]');
  });

  it('trust show and set address the home organisation by domain', async () => {
    let trusted = false;
    const server = await serve((request) => {
      if (request.path !== '/api/admin/cross-tenant/partner.example') return undefined;
      if (request.method === 'PUT') trusted = (request.body as { trustHomeMfa: boolean }).trustHomeMfa;
      return { json: { homeDomain: 'partner.example', trustHomeMfa: trusted, updatedAt: trusted ? Date.parse('2026-11-25T11:00:00Z') : null } };
    });
    expect((await tessera(['admin', 'trust', 'show', 'partner.example'])).stdout).toMatch(/Trust its MFA:\s+no/);
    const set = await tessera(['admin', 'trust', 'set', 'partner.example', '--home-mfa', 'on']);
    expect(set.code).toBe(0);
    expect(server.requests.at(-1)).toMatchObject({ method: 'PUT', body: { trustHomeMfa: true } });
    expect(set.stdout).toContain('Guests from partner.example now sign in with their home MFA alone.');
    expect(JSON.parse((await tessera(['admin', 'trust', 'show', 'partner.example', '--json'])).stdout)).toMatchObject({ trustHomeMfa: true });
    expect((await tessera(['admin', 'trust', 'set', 'partner.example'])).code).toBe(2);
    expect((await tessera(['admin', 'trust', 'set', 'partner.example', '--home-mfa', 'maybe'])).code).toBe(2);
  });
});
