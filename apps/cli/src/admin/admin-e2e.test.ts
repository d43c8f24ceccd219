/**
 * End to end: the real tessera-server (built and started as a process, fresh data folder) and
 * the real `tessera admin` (in-process through runCli), with headless Chromium doing what the
 * admin and a new colleague do in their browsers. First-start setup → the admin adds an
 * authenticator app → `tessera admin login` (device flow approved in the browser with password
 * and TOTP) → users add → tap issue → the colleague registers a method with the pass → methods
 * list → audit (query and export) → token refresh → policy and user changes, MFA reset → logout,
 * after which the old token is dead at the server.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli.js';
import { testIo, type TestIo } from '../test-support/memory-io.js';
import { addAuthenticator, approveDeviceCode, createOrganisation, devicePrompt, launchChromium, submit, tapAddAuthenticator } from '../work/test-support/browser.js';
import { signInPath } from './connection.js';
import { readSignIn, writeSignIn } from './credentials.js';
import { buildAll, startServer, type ServerProcess } from './test-support/server-process.js';

const ADMIN = { email: 'ada@example.org', name: 'Ada Admin', password: 'correct horse battery staple 42' };
const TENANT = { name: 'Example Org', domain: 'example.org' };

let dataDir: string;
let configDir: string;
let server: ServerProcess | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'tessera-e2e-server-'));
  configDir = await mkdtemp(join(tmpdir(), 'tessera-e2e-config-'));
  await buildAll();
  server = await startServer(dataDir);
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
  await rm(configDir, { recursive: true, force: true });
});

/** The running server (started in beforeAll). */
function srv(): ServerProcess {
  if (server === undefined) throw new Error('the server did not start');
  return server;
}

/** The running browser (started in beforeAll). */
function chrome(): Browser {
  if (browser === undefined) throw new Error('Chromium did not start');
  return browser;
}

function io(): TestIo {
  return { ...testIo({ env: { TESSERA_CONFIG_DIR: configDir }, cwd: configDir }), now: () => Date.now() };
}

async function tessera(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const cli = io();
  const code = await runCli(['admin', ...args], cli);
  return { code, stdout: cli.stdout.text(), stderr: cli.stderr.text() };
}

/** First start: the one-time link the server printed creates the organisation and its admin. */
async function runSetup(page: Page): Promise<void> {
  const [, setupUrl] = await srv().waitForOutput(/(https?:\/\/\S+\/setup\?token=[A-Za-z0-9_-]+)/);
  await createOrganisation(page, setupUrl ?? '', TENANT.name, ADMIN);
  expect(await page.title()).toContain('Your organisation is ready');
}

/** Runs `tessera admin login` and approves it in `context`; returns the CLI's exit code and output. */
async function login(context: BrowserContext, secret: string | undefined): Promise<{ code: number; cli: TestIo }> {
  const cli = io();
  const running = runCli(['admin', 'login', '--server', srv().url], cli);
  await expect.poll(() => cli.stderr.text(), { timeout: 15_000 }).toMatch(/with the code filled in/);
  expect(devicePrompt(cli.stderr.text()).verificationUri).toBe(`${srv().url}/oidc/device`);
  // Without a secret the browser already has the admin's session: no sign-in, only the confirmation.
  await approveDeviceCode(context, cli.stderr.text(), ADMIN, secret === undefined ? undefined : { totp: secret, offsetSteps: 1 });
  return { code: await running, cli };
}

describe('tessera admin against a real tessera-server', () => {
  let adminSecret = '';
  let bobPass = '';
  /** The admin's browser, signed in by the first device approval. */
  let adminBrowser: BrowserContext | undefined;

  afterAll(async () => {
    await adminBrowser?.close();
  });

  it('setup creates the tenant and its admin, who adds an authenticator app', async () => {
    const context = await chrome().newContext();
    const page = await context.newPage();
    await runSetup(page);
    // Setup leaves this browser a registration-only session: nobody else could issue the first admin a pass.
    adminSecret = await addAuthenticator(page, srv().url);
    await context.close();
  });

  it('tessera admin login completes the device flow approved in the browser', async () => {
    adminBrowser = await chrome().newContext();
    const { code, cli } = await login(adminBrowser, adminSecret);
    expect(code).toBe(0);
    expect(cli.stdout.text()).toContain(`Signed in to ${srv().url}`);
    const stored = await readSignIn(signInPath(cli));
    expect(stored?.refreshToken).toBeDefined();
    for (const text of [cli.stdout.text(), cli.stderr.text()]) expect(text).not.toContain(stored?.accessToken);
  });

  it('tenant show and users add', async () => {
    const tenant = await tessera(['tenant', 'show', '--json']);
    expect(tenant.code).toBe(0);
    expect(JSON.parse(tenant.stdout)).toMatchObject({ name: TENANT.name, domains: [TENANT.domain] });
    const added = await tessera(['users', 'add', `bob@${TENANT.domain}`, '--name', 'Bob Builder']);
    expect(added).toMatchObject({ code: 0 });
    const again = await tessera(['users', 'add', `bob@${TENANT.domain}`, '--name', 'Bob Builder']);
    expect(again.code).toBe(6);
    expect(again.stderr).toContain('(ERR_USER_EXISTS, HTTP 409). [ERR_SERVER_CONFLICT]');
    const list = await tessera(['users', 'list', '--json']);
    expect((JSON.parse(list.stdout) as { users: { email: string }[] }).users.map((u) => u.email).sort()).toEqual([ADMIN.email, `bob@${TENANT.domain}`]);
  });

  it('tap issue prints a pass the user signs in with to register a method; never for oneself', async () => {
    const issued = await tessera(['tap', 'issue', `bob@${TENANT.domain}`, '--lifetime', '30m']);
    expect(issued.code).toBe(0);
    bobPass = /^ {2}(\S.*)$/m.exec(issued.stdout)?.[1]?.trim() ?? '';
    expect(bobPass.length).toBeGreaterThanOrEqual(8);
    const self = await tessera(['tap', 'issue', ADMIN.email]);
    expect(self.code).toBe(12);
    expect(self.stderr).toContain('ERR_TAP_SELF');

    const context = await chrome().newContext();
    await tapAddAuthenticator(await context.newPage(), srv().url, `bob@${TENANT.domain}`, bobPass);
    await context.close();
  });

  it('methods list shows what each user registered, and how', async () => {
    const bob = await tessera(['methods', 'list', `bob@${TENANT.domain}`, '--json']);
    expect(bob.code).toBe(0);
    expect((JSON.parse(bob.stdout) as { methods: unknown[] }).methods).toEqual([expect.objectContaining({ kind: 'totp', registeredWithTap: true })]);
    const admin = await tessera(['methods', 'list', ADMIN.email]);
    expect(admin.stdout).toMatch(/totp/);
  });

  it('audit shows and exports what happened', async () => {
    const query = await tessera(['audit', '--action', 'tap.issue', '--since', '1h', '--json']);
    expect(query.code).toBe(0);
    expect((JSON.parse(query.stdout) as { events: { action: string }[] }).events.map((e) => e.action)).toEqual(['tap.issue']);
    const file = join(configDir, 'audit.jsonl');
    expect((await tessera(['audit', '--export', file])).code).toBe(0);
    const actions = (await readFile(file, 'utf8')).trim().split('\n').map((line) => (JSON.parse(line) as { action: string }).action);
    expect(actions).toEqual(expect.arrayContaining(['tap.issue', 'tap.use']));
    const csv = join(configDir, 'audit.csv');
    expect((await tessera(['audit', '--export', csv, '--format', 'csv', '--user', `bob@${TENANT.domain}`])).code).toBe(0);
    expect((await readFile(csv, 'utf8')).split('\n')[0]).toMatch(/action/);
    expect(await readFile(file, 'utf8')).not.toContain(bobPass);
  });

  it('refreshes an expired access token with the server\'s refresh token grant', async () => {
    const path = signInPath(io());
    const before = await readSignIn(path);
    if (before === undefined) throw new Error('not signed in');
    await writeSignIn(path, { ...before, expiresAt: Date.now() - 1000 });
    expect((await tessera(['tenant', 'show'])).code).toBe(0);
    const after = await readSignIn(path);
    expect(after?.accessToken).not.toBe(before.accessToken);
    expect(after?.expiresAt).toBeGreaterThan(Date.now());
  });

  it('policy, user changes, sessions, unlock and MFA reset', async () => {
    const bob = `bob@${TENANT.domain}`;
    expect((await tessera(['policy', 'set', 'tap.defaultLifetimeMinutes=30', 'methods.sms=false'])).code).toBe(0);
    expect(JSON.parse((await tessera(['policy', 'show', '--json'])).stdout)).toMatchObject({ tap: { defaultLifetimeMinutes: 30 }, methods: { sms: false } });
    expect((await tessera(['policy', 'set', 'tap.defaultLifetimeMinutes=1'])).code).toBe(3);
    expect((await tessera(['users', 'set', bob, '--role', 'helpdesk', '--name', 'Bob B.'])).code).toBe(0);
    expect(JSON.parse((await tessera(['users', 'show', bob, '--json'])).stdout)).toMatchObject({ role: 'helpdesk', displayName: 'Bob B.' });
    expect((await tessera(['users', 'set', ADMIN.email, '--status', 'disabled'])).code).toBe(12);
    expect((await tessera(['sessions', 'revoke', bob])).code).toBe(0);
    expect((await tessera(['unlock', bob])).code).toBe(0);
    expect((await tessera(['tap', 'revoke', bob])).code).toBe(0);
    const reset = await tessera(['reset-mfa', bob, '--reason', 'lost phone', '--ticket', 'HD-1', '--yes']);
    expect(reset).toMatchObject({ code: 0 });
    expect(reset.stdout).toContain('1 method deleted');
    expect(JSON.parse((await tessera(['methods', 'list', bob, '--json'])).stdout)).toEqual({ methods: [] });
    const audit = JSON.parse((await tessera(['audit', '--action', 'admin.mfa.reset', '--json'])).stdout) as { events: { detail: Record<string, unknown> }[] };
    expect(audit.events).toEqual([expect.objectContaining({ detail: expect.objectContaining({ reason: 'lost phone', ticket: 'HD-1' }) as unknown })]);
  });

  it('signing in again replaces the stored sign-in and revokes the one it replaces', async () => {
    const old = await readSignIn(signInPath(io()));
    if (adminBrowser === undefined || old === undefined) throw new Error('not signed in');
    const { code } = await login(adminBrowser, undefined);
    expect(code).toBe(0);
    const oldToken = await tessera(['--server', srv().url, '--token', old.accessToken, 'tenant', 'show']);
    expect(oldToken.code).toBe(9);
    expect((await tessera(['tenant', 'show'])).code).toBe(0);
  });

  it('logout revokes the tokens at the server and forgets them', async () => {
    const stored = await readSignIn(signInPath(io()));
    const out = await tessera(['logout']);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('revoked');
    expect((await tessera(['users', 'list'])).code).toBe(9);
    const withOldToken = await tessera(['--server', srv().url, '--token', stored?.accessToken ?? '', 'users', 'list']);
    expect(withOldToken.code).toBe(9);
    expect(withOldToken.stderr).toContain('[ERR_SERVER_UNAUTHENTICATED]');
  });
});

describe('the verification URL with the code filled in', () => {
  it('opens the code page with the code filled in, one click from confirming (RFC 8628 §3.3.1 verification_uri_complete)', async () => {
    const cli = io();
    const login = runCli(['admin', 'login', '--server', srv().url], cli);
    await expect.poll(() => cli.stderr.text(), { timeout: 15_000 }).toMatch(/with the code filled in/);
    const prompt = devicePrompt(cli.stderr.text());
    const context = await chrome().newContext();
    const page = await context.newPage();
    try {
      await page.goto(prompt.complete);
      expect(await page.inputValue('input[name=user_code]')).toBe(prompt.userCode);
      await submit(page, 'Continue');
      await expect.poll(() => page.title(), { timeout: 5000 }).toContain('Confirm the device');
      await submit(page, 'Cancel');
    } finally {
      await context.close();
    }
    expect(await login).toBe(9);
    expect(cli.stderr.text()).toContain('[ERR_ADMIN_LOGIN_DENIED]');
  });
});
