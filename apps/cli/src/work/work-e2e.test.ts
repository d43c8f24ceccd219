/**
 * End to end: work accounts with the real tessera-server (built and started as a process), the
 * real `tessera` (in-process through runCli) on several "devices" — vault folders with their own
 * machine ids — and headless Chromium doing what people do in their browsers. Issue 7's
 * scenarios: a new phone (1), a lost phone (2), a cloned vault folder (4), and a policy that
 * keeps work OATH secrets out of backups (5). The runbooks in docs/runbooks/ name these tests.
 */
import { cp, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Decrypter } from 'age-encryption';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli.js';
import { decryptWithPassphrase } from '../crypto/age-scrypt.js';
import { buildAll, startServer, type ServerProcess } from '../admin/test-support/server-process.js';
import { testIo, type TestIo } from '../test-support/memory-io.js';
import { answerApproval, listPendingApprovals } from './device-api.js';
import { loadWorkKey, WORK_KEYS_DIR, type LoadedWorkKey } from './key-store.js';
import { addAuthenticator, approveDeviceCode, approveDeviceCodeWithTap, confirmDeviceCode, createOrganisation, launchChromium, signIn, submit, tapAddAuthenticator, type SecondFactor } from './test-support/browser.js';

const ADA = { email: 'ada@example.org', name: 'Ada Admin', password: 'correct horse battery staple 42' };
const BOB = { email: 'bob@example.org', password: 'first light over the quay' };
const PASSPHRASE = 'backup passphrase for the tests';

let root: string;
let server: ServerProcess | undefined;
let browser: Browser | undefined;
const dirs = { a: '', b: '', c: '', bobA: '', bobB: '', guestB: '', guestC: '', dest: '', bobDest: '', config: '', ritaConfig: '' };
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'tessera-work-e2e-'));
  for (const name of Object.keys(dirs) as (keyof typeof dirs)[]) dirs[name] = join(root, name);
  await buildAll();
  server = await startServer(join(root, 'server'));
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await rm(root, { recursive: true, force: true });
});

function srv(): ServerProcess {
  if (server === undefined) throw new Error('the server did not start');
  return server;
}

function url(): string {
  return srv().url;
}

async function context(): Promise<BrowserContext> {
  if (browser === undefined) throw new Error('Chromium did not start');
  return browser.newContext();
}

/** A device: its vault folder and machine id; a real clock (device tokens expire). */
function device(dir: string, machine: string, stdin?: PassThrough): TestIo {
  const io = testIo({ env: { TESSERA_VAULT_DIR: dir, TESSERA_MACHINE_ID: machine, TESSERA_CONFIG_DIR: dirs.config, TESSERA_BACKUP_PASSPHRASE: PASSPHRASE, TESSERA_EXPORT_PASSPHRASE: PASSPHRASE } });
  return { ...io, ...(stdin === undefined ? {} : { stdin }), now: () => Date.now() };
}

interface Run { code: number; stdout: string; stderr: string }

async function run(dir: string, machine: string, args: string[]): Promise<Run> {
  const io = device(dir, machine);
  const code = await runCli(args, io);
  return { code, stdout: io.stdout.text(), stderr: io.stderr.text() };
}

async function ok(dir: string, machine: string, args: string[]): Promise<string> {
  const result = await run(dir, machine, args);
  if (result.code !== 0) throw new Error(`tessera ${args.join(' ')} exited ${String(result.code)}: ${result.stderr}`);
  return result.stdout;
}

/** Starts a command that prints a device-flow prompt; resolves once the prompt is out. */
async function startSignIn(dir: string, machine: string, args: string[]): Promise<{ io: TestIo; done: Promise<number> }> {
  const io = device(dir, machine);
  const done = runCli(args, io);
  await expect.poll(() => io.stderr.text(), { timeout: 15_000 }).toMatch(/enter the code/);
  return { io, done };
}

/** A push approved on `dir` with the number from the page. */
function pushFrom(dir: string, machine: string): SecondFactor {
  return { push: async (number) => { expect(await ok(dir, machine, ['approve', '--once', '--number', number])).toBe(''); } };
}

interface WorkRow { username: string; issuer: string; status: string; registrationId?: string; reason?: string }
const workList = async (dir: string, machine: string): Promise<WorkRow[]> => (JSON.parse(await ok(dir, machine, ['work', 'list', '--json'])) as { accounts: WorkRow[] }).accounts;
const listed = async (dir: string, machine: string): Promise<unknown[]> =>
  (JSON.parse(await ok(dir, machine, ['list', '--json'])) as { accounts: { kind: string; issuer: string; label: string; position: number }[] }).accounts.map(({ kind, issuer, label, position }) => ({ kind, issuer, label, position }));

/** The newest snapshot in a folder destination, decrypted with the recovery key. */
async function decryptedBackup(dest: string, recoveryKeyFile: string): Promise<string> {
  const devicesDir = join(dest, 'tessera', 'devices');
  const files = (await Promise.all((await readdir(devicesDir)).map(async (d) => (await readdir(join(devicesDir, d))).map((f) => join(devicesDir, d, f))))).flat().sort();
  const decrypter = new Decrypter();
  decrypter.addIdentity((await readFile(recoveryKeyFile, 'utf8')).split('\n').find((line) => line.startsWith('AGE-SECRET-KEY-')) ?? '');
  return decrypter.decrypt(new Uint8Array(await readFile(files.at(-1) ?? '')), 'text');
}

async function keyOf(dir: string, machine: string, registrationId: string): Promise<LoadedWorkKey> {
  const { vaultId } = JSON.parse(await readFile(join(dir, 'vault.json'), 'utf8')) as { vaultId: string };
  const found = await loadWorkKey({ dir, vaultId, rawMachineId: () => Promise.resolve(machine), keychain: () => Promise.resolve(null) }, registrationId);
  if (found.status !== 'ok') throw new Error(`no key: ${found.status}`);
  return found.key;
}

/** A fresh browser at /signin up to the push page; returns the page and the number shown. */
async function browserSignInToPush(who: { email: string; password: string }): Promise<{ page: Page; number: string; close: () => Promise<void> }> {
  const ctx = await context();
  const page = await ctx.newPage();
  await page.goto(`${url()}/signin`);
  let shown = '';
  await signIn(page, who, { push: (number) => { shown = number; return Promise.resolve(); } });
  return { page, number: shown, close: () => ctx.close() };
}

/** Creates a second organisation on the same server (a fresh setup link) and its admin's authenticator app. */
async function secondOrganisation(admin: { email: string; password: string }): Promise<string> {
  const port = new URL(url()).port;
  const serverDir = join(root, 'server');
  const env = { PATH: process.env['PATH'] ?? '', HOME: serverDir, TESSERA_SERVER_DATA_DIR: serverDir, TESSERA_SERVER_PORT: port, TESSERA_SERVER_PUBLIC_URL: url(), TESSERA_SERVER_LOG_LEVEL: 'warn' };
  const { stdout } = await promisify(execFile)(process.execPath, ['apps/server/bin/tessera-server.js', 'setup-token'], { cwd: ROOT, env });
  const ctx = await context();
  const page = await ctx.newPage();
  await createOrganisation(page, stdout.trim(), 'Resource Org', { name: 'Rita Resource', ...admin });
  const secret = await addAuthenticator(page, url());
  await ctx.close();
  return secret;
}

/** The second organisation's admin: `tessera admin` with their own config folder. */
function otherAdminIo(): TestIo {
  return { ...testIo({ env: { TESSERA_CONFIG_DIR: dirs.ritaConfig } }), now: () => Date.now() };
}

/** `tessera admin login` for the second organisation's admin. */
async function otherAdminLogin(admin: { email: string; password: string }, secret: string): Promise<void> {
  const io = otherAdminIo();
  const login = runCli(['admin', 'login', '--server', url()], io);
  await expect.poll(() => io.stderr.text(), { timeout: 15_000 }).toMatch(/enter the code/);
  const ctx = await context();
  await approveDeviceCode(ctx, io.stderr.text(), admin, { totp: secret, offsetSteps: 1 });
  await ctx.close();
  expect(await login).toBe(0);
}

/** A `tessera admin` command of the second organisation's admin; its output, or an error with its stderr. */
async function otherAdmin(args: string[]): Promise<string> {
  const io = otherAdminIo();
  const code = await runCli(['admin', ...args], io);
  if (code !== 0) throw new Error(`tessera admin ${args.join(' ')} exited ${String(code)}: ${io.stderr.text()}`);
  return io.stdout.text();
}

/**
 * Confirms a device code as ada and approves every push the sign-in shows from device A (the
 * home organisation's, then possibly the resource organisation's own); returns how many.
 */
async function approveWithPushes(stderr: string): Promise<number> {
  const ctx = await context();
  const page = await ctx.newPage();
  let approved = 0;
  try {
    await confirmDeviceCode(page, stderr);
    await page.fill('input[name=email]', ADA.email);
    await page.fill('input[name=password]', ADA.password);
    await submit(page, 'Continue');
    for (let i = 0; i < 60 && !(await page.title()).includes('Device connected'); i++) {
      const shown = async (): Promise<string> => ((await page.locator('.push-number').count()) === 0 ? '' : ((await page.locator('.push-number').textContent()) ?? '').trim());
      const number = await shown();
      await new Promise((resolve) => setTimeout(resolve, 300));
      if (number !== '' && number === (await shown())) {
        const answered = JSON.parse(await ok(dirs.a, 'machine-a', ['approve', '--once', '--number', number, '--json'])) as { answered: unknown[] };
        approved += answered.answered.length;
      }
      await new Promise((resolve) => setTimeout(resolve, 700));
    }
    expect(await page.title()).toContain('Device connected');
    return approved;
  } finally {
    await ctx.close();
  }
}

describe('work accounts against a real tessera-server', () => {
  let adaSecret = '';
  const recoveryKey = (): string => join(root, 'recovery.txt');

  it('setup: the organisation and its admin, who adds an authenticator app', async () => {
    const ctx = await context();
    const page = await ctx.newPage();
    const [, setupUrl] = await srv().waitForOutput(/(https?:\/\/\S+\/setup\?token=[A-Za-z0-9_-]+)/);
    await createOrganisation(page, setupUrl ?? '', 'Example Org', ADA);
    adaSecret = await addAuthenticator(page, url());
    await ctx.close();
  });

  it('1a. device A: a personal OTP account, then `work add` (browser sign-in with password + TOTP) registers A', async () => {
    await ok(dirs.a, 'machine-a', ['add', '--issuer', 'GitHub', '--label', 'alice', '--secret', 'JBSWY3DPEHPK3PXP']);
    const adding = await startSignIn(dirs.a, 'machine-a', ['work', 'add', ADA.email, '--server', url(), '--device-name', 'Phone A']);
    const ctx = await context();
    await approveDeviceCode(ctx, adding.io.stderr.text(), ADA, { totp: adaSecret, offsetSteps: 1 });
    await ctx.close();
    expect(await adding.done).toBe(0);
    expect(adding.io.stdout.text()).toContain(`Added the work account ${ADA.email}`);
    expect(await listed(dirs.a, 'machine-a')).toEqual([
      { kind: 'otp', issuer: 'GitHub', label: 'alice', position: 1 },
      { kind: 'work', issuer: 'example.org', label: ADA.email, position: 2 },
    ]);
    const [work] = await workList(dirs.a, 'machine-a');
    expect(work).toMatchObject({ username: ADA.email, status: 'registered' });
    expect((await stat(join(dirs.a, WORK_KEYS_DIR, `${work?.registrationId ?? ''}.json`))).mode & 0o777).toBe(0o600);
  }, 120_000);

  it('3/5. the device key is in neither the backup nor an export (both decrypted); the work OATH secret is absent as the policy demands', async () => {
    await ok(dirs.a, 'machine-a', ['backup', 'setup', '--to', dirs.dest, '--classic', '--recovery-key-out', recoveryKey()]);
    const backup = await decryptedBackup(dirs.dest, recoveryKey());
    const [work] = await workList(dirs.a, 'machine-a');
    const record = JSON.parse(await readFile(join(dirs.a, WORK_KEYS_DIR, `${work?.registrationId ?? ''}.json`), 'utf8')) as { sealed: string; iv: string };
    const snapshot = JSON.parse(backup) as { accounts: { kind: string; work?: Record<string, unknown> }[] };
    const inBackup = snapshot.accounts.find((a) => a.kind === 'work')?.work ?? {};
    expect(Object.keys(inBackup).sort()).toEqual(['allowSecretBackup', 'displayName', 'registrationId', 'serverUrl', 'tenantId', 'tenantName', 'username']);
    expect(inBackup).toMatchObject({ registrationId: work?.registrationId, allowSecretBackup: false });
    expect(inBackup).not.toHaveProperty('otp');
    const out = join(root, 'export.age');
    await ok(dirs.a, 'machine-a', ['export', '--format', 'tessera', '--out', out, '--yes']);
    const exported = new TextDecoder().decode(await decryptWithPassphrase(new Uint8Array(await readFile(out)), PASSPHRASE));
    for (const text of [backup, exported]) {
      expect(text).not.toContain(record.sealed);
      expect(text).not.toContain(record.iv);
      expect(text).not.toMatch(/"d"\s*:/);
      expect(text).not.toContain('tessera-work-key');
    }
  }, 120_000);

  it('1b. device B restores as a fresh install: codes match A, order kept, the work account needs sign-in with the next step', async () => {
    const report = await ok(dirs.b, 'machine-b', ['restore', '--from', dirs.dest, '--no-backup']);
    expect(report).toMatch(/⚠ +2\. .*example\.org.*needs sign-in/);
    expect(report).toContain('Next: run `tessera work restore`');
    expect(await listed(dirs.b, 'machine-b')).toEqual(await listed(dirs.a, 'machine-a'));
    expect(await ok(dirs.b, 'machine-b', ['code', 'GitHub', '--at', '1700000000', '--json'])).toBe(await ok(dirs.a, 'machine-a', ['code', 'GitHub', '--at', '1700000000', '--json']));
    expect(await workList(dirs.b, 'machine-b')).toEqual([expect.objectContaining({ username: ADA.email, status: 'needs-sign-in' })]);
    const approve = await run(dirs.b, 'machine-b', ['approve', '--once']);
    expect(approve.code).toBe(9);
    expect(approve.stderr).toContain('ERR_WORK_SIGN_IN_REQUIRED');
  }, 120_000);

  it('1c. `work restore` on B: the browser sign-in is approved from A with number matching, then B registers', async () => {
    const restoring = await startSignIn(dirs.b, 'machine-b', ['work', 'restore', '--keep-old', '--device-name', 'Phone B']);
    const ctx = await context();
    await approveDeviceCode(ctx, restoring.io.stderr.text(), ADA, pushFrom(dirs.a, 'machine-a'));
    await ctx.close();
    expect(await restoring.done).toBe(0);
    expect(restoring.io.stdout.text()).toContain(`${ADA.email}: this device is registered`);
    // Exactly the backed-up device's registration is offered (and kept, as asked).
    expect(restoring.io.stdout.text().match(/kept the registration "[^"]*"/g)).toEqual(['kept the registration "Phone A"']);
    expect(await workList(dirs.b, 'machine-b')).toEqual([expect.objectContaining({ status: 'registered' })]);
    expect(await workList(dirs.a, 'machine-a')).toEqual([expect.objectContaining({ status: 'registered' })]);
  }, 120_000);

  it('1d. a later browser sign-in is approved from B: the request arrives on the event stream and the number is typed', async () => {
    const stdin = new PassThrough();
    const io = device(dirs.b, 'machine-b', stdin);
    const approving = runCli(['approve', '--once', '--wait', '60'], io);
    const { page, number, close } = await browserSignInToPush(ADA);
    await expect.poll(() => io.stderr.text(), { timeout: 20_000 }).toMatch(new RegExp(`Sign-in request for ${ADA.email} \\(example\\.org\\): .*from 127\\.0\\.0\\.1`));
    stdin.write(`${number}\n`);
    expect(await approving).toBe(0);
    expect(io.stderr.text()).toContain('✓ Approved.');
    await expect.poll(() => page.url(), { timeout: 20_000 }).not.toContain('/signin');
    await close();
  }, 120_000);

  it('1e. `work add` again on A registers A anew and removes the registration it replaces', async () => {
    const [before] = await workList(dirs.a, 'machine-a');
    const oldKey = await keyOf(dirs.a, 'machine-a', before?.registrationId ?? '');
    const adding = await startSignIn(dirs.a, 'machine-a', ['work', 'add', ADA.email, '--server', url(), '--device-name', 'Phone A']);
    const ctx = await context();
    await approveDeviceCode(ctx, adding.io.stderr.text(), ADA, pushFrom(dirs.a, 'machine-a'));
    await ctx.close();
    expect(await adding.done).toBe(0);
    expect(adding.io.stdout.text()).toContain('Registered this device again for');
    const [after] = await workList(dirs.a, 'machine-a');
    expect(after?.registrationId).not.toBe(before?.registrationId);
    expect(await readdir(join(dirs.a, WORK_KEYS_DIR))).toEqual([`${after?.registrationId ?? ''}.json`]);
    await expect(listPendingApprovals(device(dirs.a, 'machine-a'), oldKey)).rejects.toMatchObject({ code: 'ERR_WORK_DEVICE_REVOKED' });
  }, 120_000);

  it('a wrong number fails the sign-in (ERR_WORK_NUMBER_MISMATCH); deny answers with a denial', async () => {
    const first = await browserSignInToPush(ADA);
    const wrong = String((Number(first.number) + 1) % 100).padStart(2, '0');
    const mismatch = await run(dirs.a, 'machine-a', ['approve', '--once', '--number', wrong]);
    expect(mismatch.code).toBe(12);
    expect(mismatch.stderr).toContain('ERR_WORK_NUMBER_MISMATCH');
    await first.close();
    const second = await browserSignInToPush(ADA);
    const denied = JSON.parse(await ok(dirs.b, 'machine-b', ['approve', '--once', '--deny', '--json'])) as { answered: { decision: string; status: string }[] };
    expect(denied.answered).toEqual([expect.objectContaining({ decision: 'deny', status: 'denied' })]);
    await second.close();
  }, 120_000);

  it('4. A\'s folder copied to machine C: OTP codes work, the work account needs sign-in, and A\'s key cannot approve from C', async () => {
    await cp(dirs.a, dirs.c, { recursive: true });
    const [onA] = await workList(dirs.a, 'machine-a');
    expect(await ok(dirs.c, 'machine-c', ['code', 'GitHub', '--at', '1700000000', '--json'])).toBe(await ok(dirs.a, 'machine-a', ['code', 'GitHub', '--at', '1700000000', '--json']));
    const [onC] = await workList(dirs.c, 'machine-c');
    expect(onC).toMatchObject({ status: 'needs-sign-in', reason: expect.stringContaining('copied from another machine') as unknown });
    expect(await readdir(join(dirs.c, WORK_KEYS_DIR))).toEqual([]);
    const pending = await browserSignInToPush(ADA);
    const fromC = await run(dirs.c, 'machine-c', ['approve', '--once', '--number', pending.number]);
    expect(fromC.code).toBe(9);
    expect(fromC.stderr).toContain('ERR_WORK_SIGN_IN_REQUIRED');
    // Even the raw key file, copied again, does not open on C.
    await cp(join(dirs.a, WORK_KEYS_DIR), join(dirs.c, WORK_KEYS_DIR), { recursive: true });
    await expect(keyOf(dirs.c, 'machine-c', onA?.registrationId ?? '')).rejects.toThrow('foreign');
    // A itself still approves.
    expect(await ok(dirs.a, 'machine-a', ['approve', '--once', '--number', pending.number])).toBe('');
    await pending.close();
  }, 120_000);

  it('2. lost phone: the admin resets MFA and issues a TAP; B restores and registers with the TAP alone; A\'s registration is revoked and its answers refused', async () => {
    const login = await startSignIn(dirs.a, 'machine-a', ['admin', 'login', '--server', url()]);
    const adminCtx = await context();
    await approveDeviceCode(adminCtx, login.io.stderr.text(), ADA, pushFrom(dirs.a, 'machine-a'));
    await adminCtx.close();
    expect(await login.done).toBe(0);
    await ok(dirs.a, 'machine-a', ['admin', 'users', 'add', BOB.email, '--name', 'Bob Builder']);
    const pass = async (): Promise<string> => /^ {2}(\S.*)$/m.exec(await ok(dirs.a, 'machine-a', ['admin', 'tap', 'issue', BOB.email, '--lifetime', '30m']))?.[1]?.trim() ?? '';

    // Bob's first day: a TAP, an authenticator app and a password; then his phone (bobA) adds the work account.
    const bobCtx = await context();
    const bobPage = await bobCtx.newPage();
    const bobSecret = await tapAddAuthenticator(bobPage, url(), BOB.email, await pass());
    // The first password, set from the TAP session (the API the server offers for it; the browser's cookies).
    expect((await bobCtx.request.post(`${url()}/api/me/password`, { data: { newPassword: BOB.password } })).status()).toBe(204);
    await bobCtx.close();
    const adding = await startSignIn(dirs.bobA, 'machine-a', ['work', 'add', BOB.email, '--server', url(), '--device-name', 'Bob phone A']);
    const addCtx = await context();
    await approveDeviceCode(addCtx, adding.io.stderr.text(), BOB, { totp: bobSecret, offsetSteps: 1 });
    await addCtx.close();
    expect(await adding.done).toBe(0);
    await ok(dirs.bobA, 'machine-a', ['backup', 'setup', '--to', dirs.bobDest, '--classic', '--recovery-key-out', join(root, 'bob-recovery.txt')]);
    const [lost] = await workList(dirs.bobA, 'machine-a');

    // The phone listens (no --once): a sign-in arrives on the event stream and Bob types the number.
    const stdin = new PassThrough();
    const phone = device(dirs.bobA, 'machine-a', stdin);
    const listening = runCli(['approve'], phone);
    await expect.poll(() => phone.stderr.text()).toContain('Waiting for sign-in requests');
    const before = await browserSignInToPush(BOB);
    await expect.poll(() => phone.stderr.text(), { timeout: 20_000 }).toContain(`Sign-in request for ${BOB.email}`);
    stdin.write(`${before.number}\n`);
    await expect.poll(() => phone.stderr.text(), { timeout: 20_000 }).toContain('✓ Approved.');
    await expect.poll(() => before.page.url(), { timeout: 20_000 }).not.toContain('/signin');
    await before.close();

    // The phone is lost: the helpdesk resets MFA (which revokes its registration) and issues a TAP.
    expect(await ok(dirs.a, 'machine-a', ['admin', 'reset-mfa', BOB.email, '--reason', 'lost phone', '--ticket', 'HD-7', '--yes'])).toContain('MFA reset');
    // The listening phone is told at once, and stops.
    expect(await listening).toBe(9);
    expect(phone.stderr.text()).toContain('ERR_WORK_DEVICE_REVOKED');
    const revoked = await run(dirs.bobA, 'machine-a', ['approve', '--once']);
    expect(revoked.code).toBe(9);
    expect(revoked.stderr).toContain('ERR_WORK_DEVICE_REVOKED');

    // The new phone: restore, then `work restore` signs in with the TAP alone and registers.
    expect(await ok(dirs.bobB, 'machine-b', ['restore', '--from', dirs.bobDest, '--no-backup'])).toContain('needs sign-in');
    const tap = await pass();
    const restoring = await startSignIn(dirs.bobB, 'machine-b', ['work', 'restore', '--remove-old', '--device-name', 'Bob phone B']);
    const restoreCtx = await context();
    await approveDeviceCodeWithTap(restoreCtx, restoring.io.stderr.text(), BOB.email, tap);
    await restoreCtx.close();
    expect(await restoring.done).toBe(0);
    // The MFA reset already revoked the lost phone's registration: nothing is left to remove (nor refused to a TAP).
    expect(restoring.io.stdout.text()).toContain(`the old device's registration (${lost?.registrationId ?? ''}) is already removed`);
    const [onB] = await workList(dirs.bobB, 'machine-b');
    expect(onB).toMatchObject({ status: 'registered' });

    // A sign-in now: the old key's answer is refused; the new phone approves.
    const pending = await browserSignInToPush(BOB);
    const [approval] = await listPendingApprovals(device(dirs.bobB, 'machine-b'), await keyOf(dirs.bobB, 'machine-b', onB?.registrationId ?? ''));
    if (approval === undefined) throw new Error('no pending approval');
    const oldKey = await keyOf(dirs.bobA, 'machine-a', lost?.registrationId ?? '');
    await expect(answerApproval(device(dirs.bobA, 'machine-a'), oldKey, approval, 'approve', pending.number)).rejects.toMatchObject({ code: 'ERR_WORK_DEVICE_REVOKED' });
    expect(await ok(dirs.bobB, 'machine-b', ['approve', '--once', '--number', pending.number])).toBe('');
    await expect.poll(() => pending.page.url(), { timeout: 20_000 }).not.toContain('/signin');
    await pending.close();
  }, 240_000);

  it('5. the organisation\'s policy forbids backing up work OATH secrets (the default), and the backup holds none', async () => {
    const policy = JSON.parse(await ok(dirs.a, 'machine-a', ['admin', 'policy', 'show', '--json'])) as { allowWorkSecretBackup: boolean };
    expect(policy.allowWorkSecretBackup).toBe(false);
    const snapshot = JSON.parse(await decryptedBackup(dirs.bobDest, join(root, 'bob-recovery.txt'))) as { accounts: { kind: string; work?: object }[] };
    expect(snapshot.accounts.filter((a) => a.kind === 'work').map((a) => a.work)).toEqual([expect.not.objectContaining({ otp: expect.anything() as unknown })]);
  });

  it('3. guest: ada (example.org) is a guest of resource.example; both accounts on A; restored on B and C, the guest account comes back without and with cross-tenant trust', async () => {
    const rita = { email: 'rita@resource.example', password: 'resource organisation admin 7' };
    const ritaSecret = await secondOrganisation(rita);
    await otherAdminLogin(rita, ritaSecret);
    // The commands docs/runbooks/guest-accounts.md gives the resource organisation's admin.
    expect(await otherAdmin(['guests', 'invite', ADA.email])).toContain(`${ADA.email} invited as a guest`);
    expect(await otherAdmin(['trust', 'set', 'example.org', '--home-mfa', 'on'])).toContain('sign in with their home MFA alone');

    // On A: the guest account, signed in at home (push approved on A), trusted by resource.example.
    const adding = await startSignIn(dirs.a, 'machine-a', ['work', 'add', ADA.email, '--server', url(), '--tenant', 'resource.example', '--device-name', 'Phone A']);
    expect(adding.io.stderr.text()).toContain('As a guest of resource.example');
    await approveWithPushes(adding.io.stderr.text());
    expect(await adding.done).toBe(0);
    expect(await workList(dirs.a, 'machine-a')).toEqual([
      expect.objectContaining({ username: ADA.email, status: 'registered' }),
      expect.objectContaining({ username: ADA.email, issuer: 'resource.example', status: 'registered' }),
    ]);

    // B restores A's newest backup: both work accounts need sign-in.
    const report = await ok(dirs.guestB, 'machine-b', ['restore', '--from', dirs.dest, '--no-backup']);
    expect(report.match(/needs sign-in/g)).toHaveLength(2);
    // Without trust: home sign-in (push on A), then resource.example's own second factor (its push, on A).
    expect(await otherAdmin(['trust', 'set', 'example.org', '--home-mfa', 'off'])).toContain('now need a second factor of yours');
    const untrusted = await startSignIn(dirs.guestB, 'machine-b', ['work', 'restore', '--account', 'resource.example', '--keep-old', '--device-name', 'Phone B']);
    expect(untrusted.io.stderr.text()).toContain('guest of resource.example, signing in at example.org');
    expect(await approveWithPushes(untrusted.io.stderr.text())).toBe(2);
    expect(await untrusted.done).toBe(0);
    expect((await workList(dirs.guestB, 'machine-b')).map((r) => [r.issuer, r.status])).toEqual([['example.org', 'needs-sign-in'], ['resource.example', 'registered']]);

    // With trust: the home sign-in alone is enough.
    expect(await otherAdmin(['trust', 'set', 'example.org', '--home-mfa', 'on'])).toContain('sign in with their home MFA alone');
    await ok(dirs.guestC, 'machine-c', ['restore', '--from', dirs.dest, '--no-backup']);
    const trusted = await startSignIn(dirs.guestC, 'machine-c', ['work', 'restore', '--account', 'resource.example', '--keep-old', '--device-name', 'Phone C']);
    expect(await approveWithPushes(trusted.io.stderr.text())).toBe(1);
    expect(await trusted.done).toBe(0);
    expect((await workList(dirs.guestC, 'machine-c')).map((r) => [r.issuer, r.status])).toEqual([['example.org', 'needs-sign-in'], ['resource.example', 'registered']]);
  }, 240_000);

  it('"this wasn\'t me" reports the request', async () => {
    const pending = await browserSignInToPush(ADA);
    const reported = JSON.parse(await ok(dirs.a, 'machine-a', ['approve', '--once', '--report', '--json'])) as { answered: { status: string }[] };
    expect(reported.answered).toEqual([expect.objectContaining({ decision: 'report', status: 'reported' })]);
    await pending.close();
  }, 60_000);
});
