import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../cli.js';
import { testIo } from '../../test-support/memory-io.js';
import { signInPath } from '../connection.js';
import { readSignIn, writeSignIn } from '../credentials.js';
import { discoveryDocument, startListener, type Answer, type Listener, type RecordedRequest } from '../test-support/http-listener.js';

let dir: string;
let listener: Listener | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tessera-admin-cmd-'));
});
afterEach(async () => {
  await listener?.close();
  listener = undefined;
  await rm(dir, { recursive: true, force: true });
});

const ALICE = { id: 'u-alice', email: 'alice@example.com', displayName: 'Alice Liddell', role: 'user', status: 'active', createdAt: 1_764_000_000_000, hasPassword: false };
const ADMIN = { id: 'u-admin', email: 'admin@example.com', displayName: 'Ada Admin', role: 'admin', status: 'active', createdAt: 1_764_000_000_000, hasPassword: true };

type Route = (request: RecordedRequest) => Answer | undefined;

async function serve(route: Route, tokenAnswers: Answer[] = []): Promise<Listener> {
  listener = await startListener((request, self) => {
    if (request.path === '/oidc/.well-known/openid-configuration') return { json: discoveryDocument(self.url) };
    if (request.path === '/oidc/device/auth') return { json: { device_code: 'dc', user_code: 'WXYZ-BCDF', verification_uri: `${self.url}/oidc/device`, verification_uri_complete: `${self.url}/oidc/device?user_code=WXYZ-BCDF`, expires_in: 600, interval: 1 } };
    if (request.path === '/oidc/token') return tokenAnswers.shift() ?? { status: 400, json: { error: 'invalid_grant' } };
    if (request.path === '/oidc/token/revocation') return { status: 200, text: '' };
    if (request.headers.authorization !== 'Bearer secret-access') return { status: 401, json: { error: { code: 'ERR_UNAUTHENTICATED', message: 'sign in first' } } };
    return route(request) ?? { status: 404, json: { error: { code: 'ERR_NOT_FOUND', message: 'no such route' } } };
  });
  return listener;
}

/** The directory of users the scripted server knows, answering lookups by email and id. */
const users: Route = (request) => {
  if (request.method === 'GET' && request.path === '/api/admin/users') {
    const email = request.query.get('email');
    return { json: { users: [ALICE, ADMIN].filter((user) => email === null || user.email === email) } };
  }
  if (request.method === 'GET' && request.path === '/api/admin/users/u-alice') return { json: ALICE };
  return undefined;
};

async function tessera(args: string[], options: { stdinIsTTY?: boolean; stdin?: string; env?: Record<string, string> } = {}) {
  const io = { ...testIo({ env: { TESSERA_CONFIG_DIR: dir, ...options.env }, cwd: dir, ...(options.stdin === undefined ? {} : { stdin: options.stdin }), ...(options.stdinIsTTY === undefined ? {} : { stdinIsTTY: options.stdinIsTTY }) }), now: () => Date.now() };
  const code = await runCli(args, io);
  return { code, stdout: io.stdout.text(), stderr: io.stderr.text(), io };
}

async function signedIn(server: Listener): Promise<void> {
  await writeSignIn(signInPath(testIo({ env: { TESSERA_CONFIG_DIR: dir }, cwd: dir })), { server: server.url, accessToken: 'secret-access', refreshToken: 'secret-refresh', expiresAt: Date.now() + 600_000 });
}

describe('tessera admin login / logout', () => {
  it('runs the device flow, shows the URL and code, stores the tokens 0600 and never prints them', async () => {
    const server = await serve(() => undefined, [
      { status: 400, json: { error: 'authorization_pending' } },
      { json: { access_token: 'secret-access', refresh_token: 'secret-refresh', token_type: 'Bearer', expires_in: 600 } },
    ]);
    const result = await tessera(['admin', 'login', '--server', `${server.url}/`]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`open ${server.url}/oidc/device`);
    expect(result.stderr).toContain('WXYZ-BCDF');
    expect(result.stderr).toContain(`${server.url}/oidc/device?user_code=WXYZ-BCDF`);
    expect(result.stdout).toContain(`Signed in to ${server.url}.`);
    for (const text of [result.stdout, result.stderr]) expect(text).not.toMatch(/secret-|\bdc\b/);
    const path = signInPath(result.io);
    expect(await readSignIn(path)).toMatchObject({ server: server.url, accessToken: 'secret-access', refreshToken: 'secret-refresh' });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('a new sign-in revokes the one it replaces', async () => {
    const server = await serve(() => undefined, [{ json: { access_token: 'secret-access-2', refresh_token: 'secret-refresh-2', token_type: 'Bearer', expires_in: 600 } }]);
    await signedIn(server);
    const result = await tessera(['admin', 'login']);
    expect(result.code).toBe(0);
    expect(server.requests.filter((r) => r.path === '/oidc/token/revocation').map((r) => (r.body as { token: string }).token)).toEqual(['secret-refresh', 'secret-access']);
    expect(await readSignIn(signInPath(result.io))).toMatchObject({ accessToken: 'secret-access-2', refreshToken: 'secret-refresh-2' });
  });

  it('reports a declined sign-in with its own code and exit 9', async () => {
    const server = await serve(() => undefined, [{ status: 400, json: { error: 'access_denied' } }]);
    const result = await tessera(['admin', 'login', '--server', server.url]);
    expect(result).toMatchObject({ code: 9 });
    expect(result.stderr).toContain('[ERR_ADMIN_LOGIN_DENIED]');
  });

  it('refuses plain HTTP to another machine before contacting it', async () => {
    const result = await tessera(['admin', 'login', '--server', 'http://id.example.com']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('[ERR_ADMIN_SERVER_INVALID]');
  });

  it('logout revokes both tokens at the server and deletes the file', async () => {
    const server = await serve(() => undefined);
    await signedIn(server);
    const result = await tessera(['admin', 'logout']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('the tokens were revoked');
    expect(server.requests.filter((r) => r.path === '/oidc/token/revocation').map((r) => r.body)).toEqual([
      { token: 'secret-refresh', token_type_hint: 'refresh_token', client_id: 'tessera-cli' },
      { token: 'secret-access', token_type_hint: 'access_token', client_id: 'tessera-cli' },
    ]);
    expect(await readSignIn(signInPath(result.io))).toBeUndefined();
    expect((await tessera(['admin', 'logout'])).stdout).toContain('Not signed in');
  });

  it('commands without a sign-in exit 9 and say how to sign in', async () => {
    const result = await tessera(['admin', 'users', 'list']);
    expect(result.code).toBe(9);
    expect(result.stderr).toMatch(/tessera admin login --server URL.*\[ERR_ADMIN_SIGN_IN_REQUIRED\]/);
  });
});

describe('tessera admin commands', () => {
  it('users list prints a table or JSON', async () => {
    await signedIn(await serve(users));
    const table = await tessera(['admin', 'users', 'list']);
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^Email\s+Name\s+Role\s+Status\s+Password\s+Id$/);
    expect(table.stdout).toMatch(/alice@example\.com\s+Alice Liddell\s+user\s+active\s+none\s+u-alice/);
    const json = await tessera(['admin', 'users', 'list', '--json']);
    expect(JSON.parse(json.stdout)).toEqual({ users: [ALICE, ADMIN] });
  });

  it('users add sends the contract\'s fields; a server conflict keeps its code and exits 6', async () => {
    const server = await serve((request) => request.method === 'POST' && request.path === '/api/admin/users'
      ? (request.body as { email: string }).email === 'alice@example.com'
        ? { status: 409, json: { error: { code: 'ERR_USER_EXISTS', message: 'a user with that email already exists' } } }
        : { status: 201, json: { ...ALICE, id: 'u-bob', email: 'bob@example.com', displayName: 'Bob' } }
      : undefined);
    await signedIn(server);
    const added = await tessera(['admin', 'users', 'add', 'bob@example.com', '--name', 'Bob', '--role', 'helpdesk']);
    expect(added.code).toBe(0);
    expect(server.requests.at(-1)?.body).toEqual({ email: 'bob@example.com', displayName: 'Bob', role: 'helpdesk' });
    const duplicate = await tessera(['admin', 'users', 'add', 'alice@example.com', '--name', 'Alice']);
    expect(duplicate.code).toBe(6);
    expect(duplicate.stderr).toBe('tessera: Server: a user with that email already exists (ERR_USER_EXISTS, HTTP 409). [ERR_SERVER_CONFLICT]\n');
  });

  it('tap issue finds the user by email and prints the pass once with its expiry', async () => {
    const server = await serve((request) => users(request) ?? (request.method === 'POST' && request.path === '/api/admin/users/u-alice/tap'
      ? { status: 201, json: { pass: 'TAP-PASS-1234567', expiresAt: Date.parse('2026-11-26T01:00:00Z'), oneTime: false } }
      : undefined));
    await signedIn(server);
    const result = await tessera(['admin', 'tap', 'issue', 'ALICE@example.com', '--lifetime', '2h', '--reusable']);
    expect(result.code).toBe(0);
    expect(server.requests.at(-1)?.body).toEqual({ lifetimeMinutes: 120, oneTime: false });
    expect(result.stdout.split('TAP-PASS-1234567')).toHaveLength(2);
    expect(result.stdout).toContain('Valid until 2026-11-26 01:00:00Z, for any number of sign-ins');
  });

  it('an unknown user is ERR_ADMIN_USER_NOT_FOUND, exit 4, by email or id', async () => {
    await signedIn(await serve(users));
    for (const ref of ['nobody@example.com', 'u-nobody', 'not an id']) {
      const result = await tessera(['admin', 'unlock', ref]);
      expect(result.code).toBe(4);
      expect(result.stderr).toContain('[ERR_ADMIN_USER_NOT_FOUND]');
    }
  });

  it('reset-mfa asks first: refused without a terminal or --yes, aborted on "no", sent with reason and ticket on --yes', async () => {
    const server = await serve((request) => users(request) ?? (request.path === '/api/admin/users/u-alice/reset-mfa' ? { json: { methodsRemoved: 2, sessionsRevoked: 1, grantsRevoked: 1, tapRevoked: false } } : undefined));
    await signedIn(server);
    const args = ['admin', 'reset-mfa', 'alice@example.com', '--reason', 'lost phone', '--ticket', 'HD-1'];
    expect((await tessera(args)).code).toBe(2);
    expect((await tessera(args, { stdinIsTTY: true, stdin: 'n\n' })).code).toBe(130);
    expect(server.requests.some((r) => r.path.endsWith('/reset-mfa'))).toBe(false);
    const done = await tessera([...args, '--yes']);
    expect(done.code).toBe(0);
    expect(server.requests.at(-1)?.body).toEqual({ reason: 'lost phone', ticket: 'HD-1' });
    expect(done.stdout).toContain('2 methods deleted');
  });

  it('policy set changes only the named settings and writes the whole policy back', async () => {
    const policy = { allowWorkSecretBackup: false, tap: { defaultLifetimeMinutes: 60, minLifetimeMinutes: 10, maxLifetimeMinutes: 480, oneTimeDefault: true, length: 16 }, methods: { totp: true, email: true, sms: true } };
    const server = await serve((request) => request.path === '/api/admin/policy' ? (request.method === 'GET' ? { json: policy } : { status: 204 }) : undefined);
    await signedIn(server);
    expect((await tessera(['admin', 'policy', 'set', 'tap.maxLifetimeMinutes=240', 'methods.sms=false'])).code).toBe(0);
    expect(server.requests.at(-1)).toMatchObject({ method: 'PUT', body: { ...policy, tap: { ...policy.tap, maxLifetimeMinutes: 240 }, methods: { ...policy.methods, sms: false } } });
    const shown = await tessera(['admin', 'policy', 'show']);
    expect(shown.stdout).toMatch(/tap\.maxLifetimeMinutes\s+480/);
  });

  it('audit pages through events up to --limit, resolving --user and the time bounds', async () => {
    const event = (seq: number) => ({ seq, at: Date.parse('2026-11-25T10:00:00Z') + seq, action: 'tap.issue', actorUserId: 'u-admin', targetUserId: 'u-alice', ip: '127.0.0.1', detail: { lifetimeMinutes: 60 } });
    const server = await serve((request) => users(request) ?? (request.path === '/api/admin/audit'
      ? { json: request.query.get('after') === null ? { events: [event(1), event(2)], next: 2 } : { events: [event(3), event(4)], next: 4 } }
      : undefined));
    await signedIn(server);
    const result = await tessera(['admin', 'audit', '--user', 'alice@example.com', '--since', '2026-11-01', '--action', 'tap.issue', '--limit', '3', '--json']);
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as { events: unknown[] }).events).toEqual([event(1), event(2), event(3)]);
    const queries = server.requests.filter((r) => r.path === '/api/admin/audit').map((r) => Object.fromEntries(r.query));
    expect(queries).toEqual([
      { since: String(Date.parse('2026-11-01T00:00:00Z')), action: 'tap.issue', user: 'u-alice', limit: '3' },
      { since: String(Date.parse('2026-11-01T00:00:00Z')), action: 'tap.issue', user: 'u-alice', limit: '1', after: '2' },
    ]);
    const table = await tessera(['admin', 'audit', '--limit', '1']);
    expect(table.stdout).toMatch(/2026-11-25 10:00:00Z\s+tap\.issue\s+u-admin\s+u-alice\s+127\.0\.0\.1\s+\{"lifetimeMinutes":60\}/);
  });

  it('audit --export streams the server\'s export into a 0600 file', async () => {
    const csv = 'seq,at,action\n1,2026-11-25T10:00:00.000Z,tap.issue\n';
    const server = await serve((request) => request.path === '/api/admin/audit/export' ? { text: csv, headers: { 'content-type': 'text/csv' } } : undefined);
    await signedIn(server);
    const result = await tessera(['admin', 'audit', '--export', 'audit.csv', '--format', 'csv', '--since', '24h']);
    expect(result.code).toBe(0);
    expect(await readFile(join(dir, 'audit.csv'), 'utf8')).toBe(csv);
    expect((await stat(join(dir, 'audit.csv'))).mode & 0o777).toBe(0o600);
    expect(server.requests.at(-1)?.query.get('format')).toBe('csv');
    const toStdout = await tessera(['admin', 'audit', '--export', '-', '--format', 'csv']);
    expect(toStdout.stdout).toBe(csv);
  });

  it('a forbidden action exits 12 with the server\'s code', async () => {
    const server = await serve((request) => users(request) ?? { status: 403, json: { error: { code: 'ERR_TAP_SELF', message: 'you cannot issue a Temporary Access Pass to yourself' } } });
    await signedIn(server);
    const result = await tessera(['admin', 'tap', 'issue', 'admin@example.com']);
    expect(result.code).toBe(12);
    expect(result.stderr).toContain('(ERR_TAP_SELF, HTTP 403). [ERR_SERVER_FORBIDDEN]');
  });

  it('three-level commands report usage errors instead of exiting the process', async () => {
    const result = await tessera(['admin', 'users', 'add']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("required option '--name <name>' not specified");
  });
});

const ADA = { id: 'g-ada', email: 'ada@partner.example', displayName: 'Ada', homeDomain: 'partner.example', status: 'active', createdAt: Date.parse('2026-11-25T10:00:00Z') };

async function signedInServer(route: Route): Promise<Listener> {
  const server = await serve(route);
  await signedIn(server);
  return server;
}

describe('tessera admin guests / trust', () => {
  it('invites a guest and says what comes next; --json prints the guest', async () => {
    const server = await signedInServer((request) => request.method === 'POST' && request.path === '/api/admin/guests' ? { status: 201, json: ADA } : undefined);
    const result = await tessera(['admin', 'guests', 'invite', 'ada@partner.example']);
    expect(result.code).toBe(0);
    expect(server.requests.at(-1)?.body).toEqual({ email: 'ada@partner.example' });
    expect(result.stdout).toContain('ada@partner.example invited as a guest (home organisation: partner.example)');
    expect(result.stdout).toContain('tessera admin tap issue ada@partner.example');
    const json = await tessera(['admin', 'guests', 'invite', 'ada@partner.example', '--json']);
    expect(JSON.parse(json.stdout)).toEqual(ADA);
  });

  it('an address the server refuses to invite exits with its code', async () => {
    await signedInServer(() => ({ status: 400, json: { error: { code: 'ERR_VALIDATION', message: 'this address cannot be invited as a guest' } } }));
    const result = await tessera(['admin', 'guests', 'invite', 'nobody@nowhere.example']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('this address cannot be invited as a guest');
  });

  it('lists guests as a table or JSON', async () => {
    await signedInServer((request) => request.path === '/api/admin/guests' ? { json: { guests: [ADA] } } : undefined);
    const table = await tessera(['admin', 'guests', 'list']);
    expect(table.stdout).toMatch(/ada@partner\.example\s+Ada\s+partner\.example\s+active\s+2026-11-25 10:00:00Z\s+g-ada/);
    expect(JSON.parse((await tessera(['admin', 'guests', 'list', '--json'])).stdout)).toEqual({ guests: [ADA] });
  });

  it('remove asks first, finds the guest by email or id, and an unknown guest exits 4', async () => {
    const server = await signedInServer((request) => {
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
    const server = await signedInServer((request) => {
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
