import { readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Encrypter, generateX25519Identity, identityToRecipient } from 'age-encryption';
import { advanceHotpCounter } from '@tessera/core';
import { describe, expect, it } from 'vitest';
import { nodeAtomicWriteFs, type AtomicWriteFs } from './atomic-write.js';
import { machineFingerprint } from './machine-id.js';
import { fixture, requireBuilt, runNode, startNode } from './test-support/processes.js';
import { entries, tempDir } from './test-support/temp-dir.js';
import { counterOf, fileStore, ISSUER, LABEL, SECRET, sampleVault } from './test-support/vaults.js';

const PASSPHRASE = 'violet tractor ocean 47';

async function createdStore(): Promise<{ dir: string; vault: ReturnType<typeof sampleVault> }> {
  const dir = join(await tempDir(), 'vault');
  const vault = sampleVault();
  await fileStore(dir).create(vault);
  return { dir, vault };
}

function bump(vault: ReturnType<typeof sampleVault>) {
  const { vault: next, counter } = advanceHotpCounter(vault, vault.accounts[0]!.id, { now: Date.now() });
  return { vault: next, result: counter };
}

/** Every file of the folder, as text, to search for anything that should never be there. */
async function folderText(dir: string): Promise<string> {
  const names = await readdir(dir);
  const texts = await Promise.all(names.map((name) => readFile(join(dir, name), 'latin1')));
  return texts.join('\n');
}

describe('FileVaultStore: create and read', () => {
  it('creates vault.age, vault.json and device.key (0600) in a 0700 folder, and reads the vault back', async () => {
    const { dir, vault } = await createdStore();
    expect(await entries(dir)).toEqual(['device.key', 'vault.age', 'vault.json']);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    for (const name of await entries(dir)) expect((await stat(join(dir, name))).mode & 0o777).toBe(0o600);
    expect(await fileStore(dir).read()).toEqual(vault);
  });

  it('keeps every secret and name out of the disk in the clear', async () => {
    const { dir } = await createdStore();
    const text = await folderText(dir);
    for (const needle of [SECRET, ISSUER, LABEL]) expect(text).not.toContain(needle);
    expect((await readFile(join(dir, 'vault.age'), 'latin1')).startsWith('age-encryption.org/v1\n-> X25519 ')).toBe(true);
  });

  it('records non-secret metadata with the machine fingerprint', async () => {
    const { dir, vault } = await createdStore();
    expect(await fileStore(dir).metadata()).toMatchObject({
      format: 'tessera-local-vault',
      version: 1,
      vaultId: vault.vaultId,
      keyStorage: 'file',
      machineId: machineFingerprint('test-machine'),
    });
  });

  it('refuses a second create with ERR_VAULT_EXISTS', async () => {
    const { dir } = await createdStore();
    await expect(fileStore(dir).create(sampleVault())).rejects.toMatchObject({ code: 'ERR_VAULT_EXISTS' });
  });

  it('reports a missing vault as ERR_VAULT_NOT_FOUND', async () => {
    const store = fileStore(join(await tempDir(), 'none'));
    expect(await store.exists()).toBe(false);
    await expect(store.read()).rejects.toMatchObject({ code: 'ERR_VAULT_NOT_FOUND' });
    await expect(store.update(bump)).rejects.toMatchObject({ code: 'ERR_VAULT_NOT_FOUND' });
    await expect(store.metadata()).rejects.toMatchObject({ code: 'ERR_VAULT_NOT_FOUND' });
  });

  it('never replaces the key of a vault whose vault.age went missing; putting it back opens the vault', async () => {
    const { dir, vault } = await createdStore();
    const key = await readFile(join(dir, 'device.key'));
    const away = join(dir, '..', 'vault.age.away');
    await rename(join(dir, 'vault.age'), away);
    const create = { createIfMissing: () => sampleVault() };
    for (const attempt of [() => fileStore(dir).update(bump, create), () => fileStore(dir).create(sampleVault()), () => fileStore(dir).read()]) {
      const error: unknown = await attempt().catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'ERR_VAULT_NOT_FOUND' });
      expect(String(error)).toContain('Put vault.age back');
    }
    expect(await fileStore(dir).readIfPresent().catch((e: unknown) => e)).toMatchObject({ code: 'ERR_VAULT_NOT_FOUND' });
    expect(await readFile(join(dir, 'device.key'))).toEqual(key);
    expect(await entries(dir)).toEqual(['device.key', 'vault.json']);
    await rename(away, join(dir, 'vault.age'));
    expect(await fileStore(dir).read()).toEqual(vault);
  });

  it('starts an unfinished creation over, keeping the old key aside', async () => {
    const dir = join(await tempDir(), 'vault');
    const failVaultWrite: AtomicWriteFs = {
      ...nodeAtomicWriteFs,
      rename: (from, to) => (to.endsWith('vault.age') ? Promise.reject(new Error('killed here')) : nodeAtomicWriteFs.rename(from, to)),
    };
    await expect(fileStore(dir, { fs: failVaultWrite }).create(sampleVault())).rejects.toThrow('killed here');
    const oldKey = await readFile(join(dir, 'device.key'), 'utf8');
    expect(await fileStore(dir).metadata()).toMatchObject({ creating: true });
    expect(await fileStore(dir).readIfPresent()).toBeUndefined();
    await expect(fileStore(dir).update(bump)).rejects.toMatchObject({ code: 'ERR_VAULT_NOT_FOUND' });
    const vault = sampleVault();
    await fileStore(dir, { now: () => Date.UTC(2026, 0, 2, 3, 4, 5, 6) }).create(vault);
    expect(await fileStore(dir).read()).toEqual(vault);
    expect(await fileStore(dir).metadata()).not.toHaveProperty('creating');
    expect(await entries(dir)).toEqual(['device.key', 'device.key.orphaned-20260102T030405.006Z', 'vault.age', 'vault.json']);
    expect(await readFile(join(dir, 'device.key.orphaned-20260102T030405.006Z'), 'utf8')).toBe(oldKey);
  });

  it('finishes a creation whose creator died after writing vault.age', async () => {
    const { dir, vault } = await createdStore();
    const meta = JSON.parse(await readFile(join(dir, 'vault.json'), 'utf8')) as Record<string, unknown>;
    await writeFile(join(dir, 'vault.json'), JSON.stringify({ ...meta, creating: true }));
    expect(await fileStore(dir).read()).toEqual(vault);
    await fileStore(dir).update(bump);
    expect(await fileStore(dir).metadata()).not.toHaveProperty('creating');
  });
});

describe('FileVaultStore: decryption failures', () => {
  it('wrong device key → ERR_VAULT_DECRYPT_FAILED', async () => {
    const { dir } = await createdStore();
    await writeFile(join(dir, 'device.key'), `${await generateX25519Identity()}\n`);
    await expect(fileStore(dir).read()).rejects.toMatchObject({ code: 'ERR_VAULT_DECRYPT_FAILED' });
  });

  it('tampered or truncated ciphertext → ERR_VAULT_DECRYPT_FAILED', async () => {
    const { dir } = await createdStore();
    const path = join(dir, 'vault.age');
    const original = await readFile(path);
    for (const offset of [30, original.length - 20, original.length - 1]) {
      const tampered = Buffer.from(original);
      tampered[offset]! ^= 0x01;
      await writeFile(path, tampered);
      await expect(fileStore(dir).read()).rejects.toMatchObject({ code: 'ERR_VAULT_DECRYPT_FAILED' });
    }
    await writeFile(path, original.subarray(0, original.length - 10));
    await expect(fileStore(dir).read()).rejects.toMatchObject({ code: 'ERR_VAULT_DECRYPT_FAILED' });
  });

  it('a damaged device key → ERR_DEVICE_KEY_INVALID; a missing one → ERR_DEVICE_KEY_MISSING', async () => {
    const { dir } = await createdStore();
    await writeFile(join(dir, 'device.key'), 'AGE-SECRET-KEY-1NOTAKEY\n');
    await expect(fileStore(dir).read()).rejects.toMatchObject({ code: 'ERR_DEVICE_KEY_INVALID' });
    await rm(join(dir, 'device.key'));
    await expect(fileStore(dir).read()).rejects.toMatchObject({ code: 'ERR_DEVICE_KEY_MISSING' });
  });

  it('passes the core decode errors through (a well-encrypted file that is not a vault)', async () => {
    const { dir } = await createdStore();
    const identity = (await readFile(join(dir, 'device.key'), 'utf8')).trim();
    const e = new Encrypter();
    e.addRecipient(await identityToRecipient(identity));
    await writeFile(join(dir, 'vault.age'), await e.encrypt('{"not":"a vault"}'));
    await expect(fileStore(dir).read()).rejects.toMatchObject({ name: 'CoreError', code: 'ERR_VAULT_CORRUPT' });
  });

  it('a vault.json of another vault → ERR_VAULT_METADATA_INVALID', async () => {
    const { dir } = await createdStore();
    const meta = JSON.parse(await readFile(join(dir, 'vault.json'), 'utf8')) as Record<string, unknown>;
    await writeFile(join(dir, 'vault.json'), JSON.stringify({ ...meta, vaultId: '00000000-0000-4000-8000-000000000000' }));
    await expect(fileStore(dir).read()).rejects.toMatchObject({ code: 'ERR_VAULT_METADATA_INVALID' });
  });
});

describe('FileVaultStore: update', () => {
  it('applies the change durably and returns the result', async () => {
    const { dir } = await createdStore();
    const store = fileStore(dir);
    expect(await store.update(bump)).toBe(0);
    expect(await store.update(bump)).toBe(1);
    expect(counterOf(await fileStore(dir).read())).toBe(2);
    expect(await entries(dir)).toEqual(['device.key', 'vault.age', 'vault.json']);
  });

  it('writes nothing when the same vault comes back, or when the change throws', async () => {
    const { dir } = await createdStore();
    const before = await readFile(join(dir, 'vault.age'));
    expect(await fileStore(dir).update((vault) => ({ vault, result: 'same' }))).toBe('same');
    await expect(fileStore(dir).update(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await readFile(join(dir, 'vault.age'))).toEqual(before);
    expect(await entries(dir)).toEqual(['device.key', 'vault.age', 'vault.json']);
  });

  it('creates the vault first when asked to', async () => {
    const dir = join(await tempDir(), 'fresh');
    const vault = sampleVault();
    expect(await fileStore(dir).update(bump, { createIfMissing: () => vault })).toBe(0);
    expect(counterOf(await fileStore(dir).read())).toBe(1);
  });

  it('refuses a change of vault id (a caller mistake)', async () => {
    const { dir } = await createdStore();
    await expect(fileStore(dir).update(() => ({ vault: sampleVault(), result: 0 }))).rejects.toThrow(TypeError);
  });

  it('sweeps temp files orphaned by a killed writer', async () => {
    const { dir } = await createdStore();
    await writeFile(join(dir, '.vault.age.0123456789abcdef.tmp'), 'ciphertext of a killed writer');
    await fileStore(dir).update(bump);
    expect(await entries(dir)).toEqual(['device.key', 'vault.age', 'vault.json']);
  });

  it('keeps the old vault intact when the write fails before the rename (fault injection)', async () => {
    const { dir, vault } = await createdStore();
    const failingRename: AtomicWriteFs = {
      ...nodeAtomicWriteFs,
      rename: () => Promise.reject(Object.assign(new Error('injected ENOSPC'), { code: 'ENOSPC' })),
    };
    await expect(fileStore(dir, { fs: failingRename }).update(bump)).rejects.toMatchObject({ code: 'ENOSPC' });
    expect(await fileStore(dir).read()).toEqual(vault);
    expect(await entries(dir)).toEqual(['device.key', 'vault.age', 'vault.json']);
  });
});

describe('FileVaultStore across processes (needs the build: npx tsc -b tsconfig.build.json)', () => {
  it('a process waiting for a passphrase does not hold the lock: another updates meanwhile', async () => {
    requireBuilt('store/vault-store.js');
    const { dir } = await createdStore();
    await fileStore(dir).setAppLock(PASSPHRASE);
    const waiting = await startNode([fixture('ask-forever.js'), dir], 'asking');
    try {
      const store = fileStore(dir, { askPassphrase: () => Promise.resolve(PASSPHRASE), lock: { timeoutMs: 2_000 } });
      expect(await store.update(bump)).toBe(0);
      expect(counterOf(await store.read())).toBe(1);
    } finally {
      waiting.child.kill('SIGKILL');
      await waiting.exited;
    }
  });

  it('8 processes × 10 HOTP increments → counter exactly 80', async () => {
    requireBuilt('store/vault-store.js');
    const { dir } = await createdStore();
    await Promise.all(Array.from({ length: 8 }, () => runNode([fixture('hotp-increment.js'), dir, '10'])));
    expect(counterOf(await fileStore(dir).read())).toBe(80);
    expect(await entries(dir)).toEqual(['device.key', 'vault.age', 'vault.json']);
  });
});
