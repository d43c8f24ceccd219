/**
 * Destination faults against a real WebDAV server (`rclone serve webdav`), through the real
 * `tessera` process (issue "Faults that must lose nothing"): the server stopped between commands
 * or killed in the middle of an upload or of the read-back, the destination wiped, wrong or
 * mistyped keys on restore, and the automatic backup after a change while the server is down.
 * Every failure is a typed error with its documented exit code, the local vault keeps its
 * exact bytes, the failure is recorded for `backup status` and `doctor`, and once the server is
 * back the next `backup now` succeeds and verifies. Needs the build and Debian's `rclone`.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateBackupIdentity } from '@tessera/backup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../store/test-support/temp-dir.js';
import { readBackupState } from './state.js';
import {
  cli,
  contentOf,
  errorCodeIn,
  filesUnder,
  folderBytes,
  MACHINE_A,
  MACHINE_B,
  ok,
  PASSPHRASE,
  readVault,
  restoreInto,
  SECRET,
  setUpBackups,
} from './test-support/backup-vaults.js';
import { requireCliBuild, runTessera, type Ended } from './test-support/cli-process.js';
import { rcloneAvailable, serveFolder, startCutProxy, type CutProxy, type ServedFolder } from './test-support/webdav-server.js';

const available = rcloneAvailable();
if (!available && process.env['CI']) {
  it('rclone is installed (CI needs it for the destination fault tests; .ci/run installs the Debian package)', () => {
    throw new Error('`rclone` is not on PATH: install the Debian package `rclone`.');
  });
}

interface WebdavVault {
  readonly vaultDir: string;
  readonly url: string;
  readonly recoveryKeyFile: string;
  readonly served: ServedFolder;
  readonly proxy?: CutProxy;
  /** The environment of a `tessera` process on machine a for this vault. */
  readonly env: Readonly<Record<string, string>>;
}

let root: string;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  root = await tempDir('tessera-destination-faults-');
});
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

/** A vault on machine a backed up over WebDAV to a folder rclone serves (through a cut proxy when asked). */
async function webdavVault(name: string, options: { auto?: boolean; proxy?: boolean } = {}): Promise<WebdavVault> {
  const folder = join(root, name, 'served');
  await mkdir(folder, { recursive: true });
  const served = await serveFolder(folder);
  cleanups.push(() => served.stop());
  const proxy = options.proxy === true ? await startCutProxy(served.port) : undefined;
  if (proxy !== undefined) cleanups.push(() => proxy.close());
  const url = `webdav://127.0.0.1:${String(proxy?.port ?? served.port)}/backups/`;
  const credentials = { TESSERA_WEBDAV_USER: served.username, TESSERA_WEBDAV_PASSWORD: served.password };
  const vaultDir = join(root, name, 'vault');
  const recoveryKeyFile = join(root, name, 'recovery.txt');
  await setUpBackups(vaultDir, url, recoveryKeyFile, { auto: options.auto ?? false, env: { ...MACHINE_A, ...credentials } });
  return { vaultDir, url, recoveryKeyFile, served, ...(proxy === undefined ? {} : { proxy }), env: { TESSERA_VAULT_DIR: vaultDir, ...MACHINE_A } };
}

const vaultBytes = (v: WebdavVault): Promise<Buffer> => readFile(join(v.vaultDir, 'vault.age'));

function expectFailure(run: Ended, code: string, exit: number): void {
  expect(errorCodeIn(run.stderr), run.stderr).toBe(code);
  expect(run.code, run.stderr).toBe(exit);
}

/** `tessera doctor --json` as a process: its exit code and the status of each named check. */
async function doctor(v: WebdavVault): Promise<{ code: number | null; checks: Record<string, string> }> {
  const run = await runTessera(['doctor', '--json'], v.env);
  const report = JSON.parse(run.stdout) as { checks: { name: string; status: string }[] };
  return { code: run.code, checks: Object.fromEntries(report.checks.map((check) => [check.name, check.status])) };
}

/** After a fault: the server is back, the next backup succeeds, verifies, and restores on machine b. */
async function expectRecovers(v: WebdavVault): Promise<void> {
  const next = await runTessera(['backup', 'now'], v.env);
  expect(next.code, next.stderr).toBe(0);
  const verify = await runTessera(['backup', 'verify'], v.env);
  expect(verify.code, verify.stderr).toBe(0);
  expect((await readBackupState(v.vaultDir))?.lastError).toBeUndefined();
  const credentials = { ...MACHINE_B, TESSERA_WEBDAV_USER: v.served.username, TESSERA_WEBDAV_PASSWORD: v.served.password };
  const restored = await restoreInto(join(v.vaultDir, '..', `restored-${String(Date.now())}`), v.url, ['--recovery-key-file', v.recoveryKeyFile], credentials);
  expect(restored.code, restored.stderr).toBe(0);
  expect(restored.content).toEqual(contentOf(await readVault(v.vaultDir)));
}

describe.skipIf(!available)('destination faults over WebDAV (rclone serve webdav; needs the build)', () => {
  beforeAll(requireCliBuild);

  it('server stopped: `backup now` is ERR_DESTINATION_UNREACHABLE (exit 10), the vault is untouched, doctor reports it; back up again once it is back', async () => {
    const v = await webdavVault('stopped');
    const before = await vaultBytes(v);
    await v.served.stop();
    expectFailure(await runTessera(['backup', 'now'], v.env), 'ERR_DESTINATION_UNREACHABLE', 10);
    expect(await vaultBytes(v)).toEqual(before);
    expect((await readBackupState(v.vaultDir))?.lastError).toMatch(/unreachable/);
    const checked = await doctor(v);
    expect(checked.code).toBe(11);
    expect(checked.checks).toMatchObject({ vault: 'ok', destination: 'fail', 'last backup': 'fail' });
    const status = await runTessera(['backup', 'status'], v.env);
    expect(status.stdout).toContain('Last attempt failed');

    await v.served.start();
    await expectRecovers(v);
    expect((await doctor(v)).code).toBe(0);
  });

  it.each([
    ['the upload of the new generation (PUT, half its bytes sent)', /^PUT \S*tessera\/devices\//m],
    ['the read-back of the new generation (GET)', /^GET \S*tessera\/devices\//m],
  ])('server killed during %s: a typed unreachable error, the vault untouched, the next backup succeeds', async (_what, request) => {
    const v = await webdavVault(`cut-${request.source.slice(1, 4)}`, { proxy: true });
    await ok(v.vaultDir, ['add', '--issuer', 'Mid', '--label', 'upload', '--secret', SECRET]);
    const before = await vaultBytes(v);
    v.proxy?.cutNext(request, () => v.served.stop());
    const run = await runTessera(['backup', 'now'], v.env);
    expect(v.proxy?.cuts()).toBe(1);
    expectFailure(run, 'ERR_DESTINATION_UNREACHABLE', 10);
    expect(await vaultBytes(v)).toEqual(before);
    expect((await readBackupState(v.vaultDir))?.lastError).toMatch(/unreachable/);
    expect((await doctor(v)).code).toBe(11);

    await v.served.start();
    await expectRecovers(v);
  });
});

describe.skipIf(!available)('a wiped destination (needs the build)', () => {
  let v: WebdavVault;
  let before: Buffer;
  const b = (): Record<string, string> => ({ ...MACHINE_B, TESSERA_WEBDAV_USER: v.served.username, TESSERA_WEBDAV_PASSWORD: v.served.password });

  beforeAll(async () => {
    requireCliBuild();
    v = await webdavVault('wiped', { auto: true });
    before = await vaultBytes(v);
    // Through the server, as a person deleting the folder in their WebDAV client or web UI would:
    // rclone caches directory listings, so files removed behind its back would still be listed.
    const wiped = await fetch(`http://127.0.0.1:${String(v.served.port)}/backups/`, {
      method: 'DELETE',
      headers: { authorization: `Basic ${Buffer.from(`${v.served.username}:${v.served.password}`).toString('base64')}` },
    });
    expect(wiped.ok).toBe(true);
    expect(await filesUnder(v.served.dir)).toEqual([]);
  });

  it('restore from it is a typed not-found error (exit 4) and creates or changes nothing', async () => {
    const fresh = join(root, 'wiped', 'fresh');
    const byPassphrase = await restoreInto(fresh, v.url, [], { ...b(), TESSERA_BACKUP_PASSPHRASE: PASSPHRASE });
    expect([errorCodeIn(byPassphrase.stderr), byPassphrase.code, byPassphrase.folderExists]).toEqual(['ERR_KEYRING_NOT_FOUND', 4, false]);
    const byKey = await restoreInto(fresh, v.url, ['--recovery-key-file', v.recoveryKeyFile], b());
    expect([errorCodeIn(byKey.stderr), byKey.code, byKey.folderExists]).toEqual(['ERR_BACKUP_NOT_FOUND', 4, false]);
    const ownFolder = await runTessera(['restore', '--from', v.url, '--no-backup'], { ...v.env, TESSERA_WEBDAV_USER: v.served.username, TESSERA_WEBDAV_PASSWORD: v.served.password });
    expectFailure(ownFolder, 'ERR_KEYRING_NOT_FOUND', 4);
    expect(await vaultBytes(v)).toEqual(before);
  });

  it('`backup now` publishes again without emptying or changing the vault; doctor reports the missing passphrase slot', async () => {
    const run = await runTessera(['backup', 'now'], v.env);
    expect(run.code, run.stderr).toBe(0);
    expect(await vaultBytes(v)).toEqual(before);
    const checked = await doctor(v);
    expect(checked.code).toBe(11);
    expect(checked.checks).toMatchObject({ destination: 'ok', 'key slots': 'fail', 'restore drill': 'ok' });
    const restored = await restoreInto(join(root, 'wiped', 'after'), v.url, ['--recovery-key-file', v.recoveryKeyFile], b());
    expect(restored.content).toEqual(contentOf(await readVault(v.vaultDir)));
  });

  it("doctor's fix for the missing passphrase slot (`tessera backup passphrase`) writes one again", async () => {
    // The device still holds the whole keyring (sealed with its device key in backup.age), so
    // nothing is lost: only the passphrase-sealed copy in the destination must be written again.
    const newPassphrase = `${PASSPHRASE} again`;
    const fix = await runTessera(['backup', 'passphrase'], { ...v.env, TESSERA_NEW_BACKUP_PASSPHRASE: newPassphrase });
    expect(fix.code, fix.stderr).toBe(0);
    expect((await doctor(v)).checks['key slots']).toBe('ok');
    const restored = await restoreInto(join(root, 'wiped', 'by-new-passphrase'), v.url, [], { ...b(), TESSERA_BACKUP_PASSPHRASE: newPassphrase });
    expect(restored.code, restored.stderr).toBe(0);
  });
});

describe.skipIf(!available)('wrong keys on restore, and the automatic backup while the server is down (needs the build)', () => {
  let v: WebdavVault;
  let recoveryKey: string;
  const b = (): Record<string, string> => ({ ...MACHINE_B, TESSERA_WEBDAV_USER: v.served.username, TESSERA_WEBDAV_PASSWORD: v.served.password });

  beforeAll(async () => {
    requireCliBuild();
    v = await webdavVault('keys', { auto: true });
    recoveryKey = (await readFile(v.recoveryKeyFile, 'utf8')).split('\n').find((line) => line.startsWith('AGE-SECRET-KEY-')) ?? '';
  });

  /** A recovery-key file holding `key`. */
  async function keyFile(name: string, key: string): Promise<string> {
    const file = join(root, 'keys', `${name}.txt`);
    await writeFile(file, `${key}\n`);
    return file;
  }

  /** One character of the key replaced by another valid Bech32 character: a typo the checksum must catch. */
  function typo(key: string): string {
    const at = key.length - 10;
    return `${key.slice(0, at)}${key[at] === 'Q' ? 'P' : 'Q'}${key.slice(at + 1)}`;
  }

  it.each([
    ['a wrong passphrase', 'ERR_KEYRING_PASSPHRASE_WRONG'],
    ['a recovery key of other backups', 'ERR_BACKUP_KEY_MISMATCH'],
    ['the recovery key with a typo', 'ERR_RECOVERY_KEY_INVALID'],
  ])('restore with %s: %s (exit 9); a fresh folder is not created, an existing vault keeps its bytes', async (what, code) => {
    const args = what === 'a wrong passphrase' ? [] : ['--recovery-key-file', await keyFile(code, what.includes('typo') ? typo(recoveryKey) : (await generateBackupIdentity('classic')).identity)];
    const env = { ...b(), TESSERA_BACKUP_PASSPHRASE: 'not the passphrase at all, sorry' };
    const fresh = await restoreInto(join(root, 'keys', `fresh-${code}`), v.url, args, env);
    expect([errorCodeIn(fresh.stderr), fresh.code, fresh.folderExists], fresh.stderr).toEqual([code, 9, false]);

    const existing = join(root, 'keys', `existing-${code}`);
    await ok(existing, ['add', '--issuer', 'Already', '--label', 'here', '--secret', SECRET], MACHINE_B);
    const files = await folderBytes(existing);
    const run = await runTessera(['restore', '--from', v.url, ...args, '--no-backup'], { ...env, TESSERA_VAULT_DIR: existing });
    expectFailure(run, code, 9);
    expect(await folderBytes(existing)).toEqual(files);
  });

  it('a mistyped recovery key is caught before the destination is contacted (server down)', async () => {
    await v.served.stop();
    try {
      const fresh = await restoreInto(join(root, 'keys', 'typo-offline'), v.url, ['--recovery-key-file', await keyFile('offline', typo(recoveryKey))], b());
      expect([errorCodeIn(fresh.stderr), fresh.code, fresh.folderExists]).toEqual(['ERR_RECOVERY_KEY_INVALID', 9, false]);
    } finally {
      await v.served.start();
    }
  });

  it('a change while the server is down is kept (exit 0), stderr says the backup failed; the next backup succeeds', async () => {
    await v.served.stop();
    const added = await runTessera(['add', '--issuer', 'Offline', '--label', 'change', '--secret', SECRET], v.env);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stderr).toMatch(/automatic backup failed.*\[ERR_DESTINATION_UNREACHABLE\]/);
    expect((await readVault(v.vaultDir))?.accounts.map((account) => account.issuer)).toContain('Offline');
    expect((await readBackupState(v.vaultDir))?.lastError).toMatch(/unreachable/);
    expect((await cli(v.vaultDir, ['backup', 'status', '--json'], MACHINE_A)).stdout).toContain('"lastError"');

    await v.served.start();
    await expectRecovers(v);
  });
});
