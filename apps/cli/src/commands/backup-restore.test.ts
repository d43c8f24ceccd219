/**
 * Backup and restore through the real CLI, in-process, against a folder destination: the paths a
 * person takes when moving to a new device, losing one, or copying a vault folder.
 */
import { cp, mkdtemp, readdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tessera } from '../test-support/memory-io.js';

const PASSPHRASE = 'correct horse battery staple';
const ENV = { TESSERA_BACKUP_PASSPHRASE: PASSPHRASE, TESSERA_MACHINE_ID: 'machine-a' };

let root: string;
let deviceA: string;
let deviceB: string;
let dest: string;
let recoveryKeyFile: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'tessera-backup-'));
  [deviceA, deviceB, dest, recoveryKeyFile] = ['a', 'b', 'dest', 'recovery.txt'].map((name) => join(root, name)) as [string, string, string, string];
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function ok(dir: string, args: string[], env: Record<string, string> = ENV, stdin?: string): Promise<string> {
  // A real clock: doctor rightly distrusts the harness's fixed 2023 timestamp.
  const result = await tessera(dir, args, { env, now: Date.now(), ...(stdin === undefined ? {} : { stdin }) });
  if (result.code !== 0) throw new Error(`tessera ${args.join(' ')} exited ${String(result.code)}: ${result.stderr}`);
  return result.stdout;
}

interface Listed { issuer: string; label: string; type?: string; counter?: number; groups: string[]; note: string; favourite: boolean; icon?: unknown }
const codeOf = async (dir: string, args: string[], env: Record<string, string> = ENV): Promise<string> =>
  (JSON.parse(await ok(dir, ['code', ...args, '--json'], env)) as { code: string }).code;

const list = async (dir: string, env: Record<string, string> = ENV): Promise<Listed[]> =>
  (JSON.parse(await ok(dir, ['list', '--json'], env)) as { accounts: Listed[] }).accounts;

/** Device A with a varied vault and backups to `dest`. */
async function setUpDeviceA(): Promise<void> {
  await ok(deviceA, ['add'], ENV, [
    'otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub&color=FF0000&image=https%3A%2F%2Fexample.com%2Fgh.png',
    'otpauth://hotp/Bank:me?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=5&issuer=Bank',
    'otpauth://steam/Steam:gamer?secret=JRZCL47CMXVOQMNPZR2F7J4RGI&issuer=Steam',
    'otpauth://totp/AWS:root?secret=KUVJJOM753IHTNDSZVCNKL7GII&issuer=AWS&algorithm=SHA256&digits=8&period=60',
  ].join('\n'));
  await ok(deviceA, ['group', 'add', 'work']);
  await ok(deviceA, ['group', 'assign', 'AWS', 'work']);
  await ok(deviceA, ['rename', 'GitHub', '--note', 'personal; 2FA since 2019', '--favourite']);
  await ok(deviceA, ['move', 'AWS', 'top']);
  await ok(deviceA, ['code', 'bank']);
  await ok(deviceA, ['backup', 'setup', '--to', dest, '--classic', '--recovery-key-out', recoveryKeyFile]);
}

describe('backup setup', () => {
  it('publishes a verified first generation and refuses to run twice', async () => {
    await setUpDeviceA();
    expect(await readFile(recoveryKeyFile, 'utf8')).toMatch(/^AGE-SECRET-KEY-1[0-9A-Z]+$/m);
    expect(await readdir(join(dest, 'tessera', 'keyring'))).toHaveLength(1);
    const again = await tessera(deviceA, ['backup', 'setup', '--to', dest], { env: ENV });
    expect(again.code).toBe(6);
    expect(again.stderr).toContain('ERR_BACKUP_ALREADY_SET_UP');
    expect(await ok(deviceA, ['backup', 'verify'])).toContain('matches the vault');
  });

  it('needs a terminal or --recovery-key-out, and changes nothing without one', async () => {
    await ok(deviceA, ['add', '--issuer', 'X', '--label', 'y', '--secret', 'JBSWY3DPEHPK3PXP']);
    const result = await tessera(deviceA, ['backup', 'setup', '--to', dest], { env: ENV });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('ERR_NOT_A_TERMINAL');
    expect((await tessera(deviceA, ['backup', 'status', '--json'], { env: ENV })).stdout).toContain('"configured": false');
  });
});

describe('restore on a new device', () => {
  beforeEach(setUpDeviceA);

  it('brings back every account, in order, with groups, notes, icons and counters (passphrase)', async () => {
    const report = JSON.parse(await ok(deviceB, ['restore', '--from', dest, '--json'], { ...ENV, TESSERA_MACHINE_ID: 'machine-b' })) as { restored: number; expected: number; orderPreserved: boolean };
    expect(report).toMatchObject({ restored: 4, expected: 4, orderPreserved: true });
    expect(await list(deviceB)).toEqual(await list(deviceA));
    for (const query of ['GitHub', 'Steam', 'AWS']) {
      expect(await codeOf(deviceB, [query, '--at', '1700000000'])).toBe(await codeOf(deviceA, [query, '--at', '1700000000']));
    }
    // The HOTP counter came back: the next code on B is the one A would show next, not a replay.
    expect(await codeOf(deviceB, ['bank'])).toBe(await codeOf(deviceA, ['bank']));
  });

  it('restores with the recovery key from a file or from stdin', async () => {
    const viaFile = await ok(deviceB, ['restore', '--from', dest, '--recovery-key-file', recoveryKeyFile, '--no-backup'], { TESSERA_MACHINE_ID: 'machine-b' });
    expect(viaFile).toContain('restored 4 of 4 (order preserved)');
    const deviceC = join(root, 'c');
    const key = (await readFile(recoveryKeyFile, 'utf8')).split('\n').find((line) => line.startsWith('AGE-'));
    const viaStdin = await ok(deviceC, ['restore', '--from', dest, '--recovery-key', '--no-backup'], { TESSERA_MACHINE_ID: 'machine-c' }, `${key ?? ''}\n`);
    expect(viaStdin).toContain('restored 4 of 4');
  });

  it('--dry-run changes nothing, and restoring twice changes nothing the second time', async () => {
    const dry = await ok(deviceB, ['restore', '--from', dest, '--dry-run'], { ...ENV, TESSERA_MACHINE_ID: 'machine-b' });
    expect(dry).toContain('Dry run');
    await expect(readdir(deviceB)).rejects.toThrow();
    await ok(deviceB, ['restore', '--from', dest, '--no-backup'], { ...ENV, TESSERA_MACHINE_ID: 'machine-b' });
    const vaultBytes = await readFile(join(deviceB, 'vault.age'));
    const second = JSON.parse(await ok(deviceB, ['restore', '--from', dest, '--json', '--no-backup'], { ...ENV, TESSERA_MACHINE_ID: 'machine-b' })) as { present: number; restored: number };
    expect(second).toMatchObject({ present: 4, restored: 0 });
    expect(await readFile(join(deviceB, 'vault.age'))).toEqual(vaultBytes);
  });

  it('never overwrites silently: a conflicting local account is kept unless a choice is given', async () => {
    await ok(deviceB, ['add', '--issuer', 'GitHub', '--label', 'alice', '--secret', 'MFRGGZDFMZTWQ2LK'], { TESSERA_MACHINE_ID: 'machine-b' });
    const kept = JSON.parse(await ok(deviceB, ['restore', '--from', dest, '--json', '--no-backup'], { ...ENV, TESSERA_MACHINE_ID: 'machine-b' })) as { conflicts: number; lines: { issuer: string; status: string }[] };
    expect(kept.conflicts).toBe(1);
    expect(kept.lines.find((line) => line.issuer === 'GitHub')?.status).toBe('conflict');
    const both = JSON.parse(await ok(deviceB, ['restore', '--from', dest, '--json', '--no-backup', '--conflicts', 'keep-both'], { ...ENV, TESSERA_MACHINE_ID: 'machine-b' })) as { conflicts: number };
    expect(both.conflicts).toBe(0);
    expect((await list(deviceB)).filter((a) => a.issuer === 'GitHub')).toHaveLength(2);
  });

  it('wrong passphrase or recovery key: a clear code, and no vault is created', async () => {
    const wrong = await tessera(deviceB, ['restore', '--from', dest], { env: { TESSERA_BACKUP_PASSPHRASE: 'not the passphrase at all', TESSERA_MACHINE_ID: 'machine-b' } });
    expect(wrong.code).toBe(9);
    expect(wrong.stderr).toContain('ERR_KEYRING_PASSPHRASE_WRONG');
    await writeFile(join(root, 'typo.txt'), (await readFile(recoveryKeyFile, 'utf8')).replace(/AGE-SECRET-KEY-1(.)/, (_, c: string) => `AGE-SECRET-KEY-1${c === 'Q' ? 'P' : 'Q'}`));
    const typo = await tessera(deviceB, ['restore', '--from', dest, '--recovery-key-file', join(root, 'typo.txt')], { env: { TESSERA_MACHINE_ID: 'machine-b' } });
    expect(typo.code).toBe(9);
    expect(typo.stderr).toContain('ERR_RECOVERY_KEY_INVALID');
    await expect(readdir(deviceB)).rejects.toThrow();
  });
});

describe('guards', () => {
  beforeEach(setUpDeviceA);

  it('refuses a snapshot older than one this device has seen, unless told', async () => {
    await ok(deviceA, ['add', '--issuer', 'New', '--label', 'one', '--secret', 'MFRGGZDFMZTWQ2LK']);
    await ok(deviceB, ['restore', '--from', dest, '--no-backup'], { ...ENV, TESSERA_MACHINE_ID: 'machine-b' });
    // The destination rolls back: the newest generation of A disappears.
    const folder = join(dest, 'tessera', 'devices', (await readdir(join(dest, 'tessera', 'devices')))[0] ?? '');
    const newest = (await readdir(folder)).sort().at(-1) ?? '';
    await unlink(join(folder, newest));
    const refused = await tessera(deviceB, ['restore', '--from', dest, '--no-backup'], { env: { ...ENV, TESSERA_MACHINE_ID: 'machine-b' } });
    expect(refused.code).toBe(6);
    expect(refused.stderr).toContain('ERR_BACKUP_ROLLBACK');
    expect((await tessera(deviceB, ['restore', '--from', dest, '--no-backup', '--allow-rollback'], { env: { ...ENV, TESSERA_MACHINE_ID: 'machine-b' } })).code).toBe(0);
  });

  it('a backup that loses most accounts needs --yes; the change itself is kept', async () => {
    await ok(deviceA, ['backup', 'auto', 'off']);
    for (const query of ['GitHub', 'Bank', 'Steam']) await ok(deviceA, ['remove', query, '--yes']);
    const refused = await tessera(deviceA, ['backup', 'now'], { env: ENV });
    expect(refused.code).toBe(6);
    expect(refused.stderr).toContain('ERR_BACKUP_COUNT_DROP');
    expect(await list(deviceA)).toHaveLength(1);
    expect(await ok(deviceA, ['backup', 'now', '--yes'])).toContain('Backed up 1 accounts');
  });

  it('the automatic backup refuses an empty vault and says so, keeping the change', async () => {
    await ok(deviceA, ['backup', 'now', '--yes']);
    for (const query of ['GitHub', 'Bank', 'Steam']) await ok(deviceA, ['remove', query, '--yes']);
    const last = await tessera(deviceA, ['remove', 'AWS', '--yes'], { env: ENV, now: Date.now() });
    expect(last.code).toBe(0);
    expect(last.stderr).toContain('automatic backup failed');
    expect(last.stderr).toContain('ERR_BACKUP_COUNT_DROP');
    expect(await list(deviceA)).toHaveLength(0);
    const status = JSON.parse(await ok(deviceA, ['backup', 'status', '--json'])) as { lastError?: string };
    expect(status.lastError).toContain('would hold 0');
  });

  it('backup verify and doctor report a vault that changed since the last backup', async () => {
    await ok(deviceA, ['backup', 'auto', 'off']);
    await ok(deviceA, ['add', '--issuer', 'Later', '--label', 'x', '--secret', 'MFRGGZDFMZTWQ2LK']);
    const verify = await tessera(deviceA, ['backup', 'verify'], { env: ENV });
    expect(verify.code).toBe(11);
    expect(verify.stdout).toContain('missing from the backup: Later (x)');
    const doctor = await tessera(deviceA, ['doctor', '--json'], { env: ENV });
    expect(doctor.code).toBe(11);
    expect(JSON.parse(doctor.stdout)).toMatchObject({ healthy: false });
    await ok(deviceA, ['backup', 'now']);
    expect(JSON.parse(await ok(deviceA, ['doctor', '--json']))).toMatchObject({ healthy: true });
  });
});

describe('a vault folder copied to another machine', () => {
  it('keeps its OTP accounts working and backs up as a new device', async () => {
    await setUpDeviceA();
    await cp(deviceA, deviceB, { recursive: true });
    const clone = { ...ENV, TESSERA_MACHINE_ID: 'machine-b' };
    expect(await codeOf(deviceB, ['GitHub', '--at', '0'], clone)).toBe(await codeOf(deviceA, ['GitHub', '--at', '0']));
    await ok(deviceB, ['add', '--issuer', 'Clone', '--label', 'only', '--secret', 'MFRGGZDFMZTWQ2LK'], clone);
    const a = JSON.parse(await ok(deviceA, ['backup', 'status', '--json'])) as { deviceId: string };
    const b = JSON.parse(await ok(deviceB, ['backup', 'status', '--json'], clone)) as { deviceId: string; generation: number };
    expect(b.deviceId).not.toBe(a.deviceId);
    expect(b.generation).toBe(1);
    expect((await readdir(join(dest, 'tessera', 'devices'))).sort()).toEqual([a.deviceId, b.deviceId].sort());
  });
});

describe('keyring changes', () => {
  beforeEach(setUpDeviceA);

  it('a new passphrase replaces the old one; the recovery key still works', async () => {
    await ok(deviceA, ['backup', 'passphrase'], { ...ENV, TESSERA_NEW_BACKUP_PASSPHRASE: 'a different long passphrase 42' });
    expect((await tessera(deviceB, ['restore', '--from', dest, '--no-backup'], { env: { ...ENV, TESSERA_MACHINE_ID: 'machine-b' } })).stderr).toContain('ERR_KEYRING_PASSPHRASE_WRONG');
    expect(await ok(deviceB, ['restore', '--from', dest, '--no-backup'], { TESSERA_BACKUP_PASSPHRASE: 'a different long passphrase 42', TESSERA_MACHINE_ID: 'machine-b' })).toContain('restored 4 of 4');
    expect(await readdir(join(dest, 'tessera', 'keyring'))).toHaveLength(1);
  });

  it('rotation: new backups use the new key; the old recovery key opens only older ones', async () => {
    const rotated = await tessera(deviceA, ['backup', 'rotate'], { env: ENV });
    expect(rotated.code).toBe(0);
    expect(rotated.stderr).toMatch(/AGE-SECRET-KEY-1/);
    const old = await tessera(deviceB, ['restore', '--from', dest, '--recovery-key-file', recoveryKeyFile, '--no-backup'], { env: { TESSERA_MACHINE_ID: 'machine-b' } });
    expect(old.code).toBe(9);
    expect(old.stderr).toContain('ERR_BACKUP_KEY_MISMATCH');
    expect(await ok(deviceB, ['restore', '--from', dest, '--no-backup'], { ...ENV, TESSERA_MACHINE_ID: 'machine-b' })).toContain('restored 4 of 4');
  });
});
