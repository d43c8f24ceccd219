import { constants } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeAtomicWriteFs, type AtomicWriteFs } from './atomic-write.js';
import { withLock } from './lock.js';
import { memoryKeychain } from './test-support/memory-keychain.js';
import { entries, tempDir } from './test-support/temp-dir.js';
import { fileStore, sampleVault } from './test-support/vaults.js';

const PASS = 'violet tractor ocean 47';
const OTHER = 'quiet lantern moss 19';
const ask = (passphrase: string) => () => Promise.resolve(passphrase);

async function vaultDir(options: Parameters<typeof fileStore>[1] = {}): Promise<string> {
  const dir = join(await tempDir(), 'vault');
  await fileStore(dir, options).create(sampleVault());
  return dir;
}

/** A vault whose `app-lock enable` failed to clear the keychain (the keychain's first removal fails). */
async function interruptedEnable(failRemove = 1) {
  const keychain = memoryKeychain({ failRemove });
  const dir = await vaultDir({ keychain });
  const error: unknown = await fileStore(dir, { keychain }).setAppLock(PASS).catch((e: unknown) => e);
  expect(error).toMatchObject({ code: 'ERR_KEYCHAIN_FAILED' });
  expect(String(error)).toContain('tessera app-lock enable');
  return { dir, keychain, store: () => fileStore(dir, { keychain, askPassphrase: ask(PASS) }) };
}

const noChange = (vault: ReturnType<typeof sampleVault>) => ({ vault, result: undefined });

describe('an app-lock switch that could not delete the old key copy', () => {
  it('records the copy in vault.json, and enable again with the same passphrase finishes it', async () => {
    const { dir, keychain, store } = await interruptedEnable();
    expect(await store().metadata()).toMatchObject({ keyStorage: 'passphrase', staleKeyCopies: ['keychain'] });
    expect(keychain.items.size).toBe(1);
    await store().setAppLock(PASS);
    expect(keychain.items.size).toBe(0);
    expect(await store().metadata()).not.toHaveProperty('staleKeyCopies');
    expect(await entries(dir)).toEqual(['device.key.age', 'vault.age', 'vault.json']);
  });

  it('enable again with another passphrase is refused, but still clears the keychain', async () => {
    const { keychain, store } = await interruptedEnable();
    await expect(store().setAppLock(OTHER)).rejects.toMatchObject({ code: 'ERR_APP_LOCK_ALREADY_SET' });
    expect(keychain.items.size).toBe(0);
  });

  it('is finished by the next read', async () => {
    const { keychain, store } = await interruptedEnable();
    expect((await store().read()).accounts).toHaveLength(1);
    expect(keychain.items.size).toBe(0);
    expect(await store().metadata()).not.toHaveProperty('staleKeyCopies');
  });

  it('is finished by the next update', async () => {
    const { keychain, store } = await interruptedEnable();
    await store().update(noChange);
    expect(keychain.items.size).toBe(0);
    expect(await store().metadata()).not.toHaveProperty('staleKeyCopies');
  });

  it('a keychain that keeps failing does not stop reads or updates; the record stays for the next try', async () => {
    const { keychain, store } = await interruptedEnable(Infinity);
    expect((await store().read()).accounts).toHaveLength(1);
    await store().update(noChange);
    expect(keychain.removals()).toBeGreaterThanOrEqual(3);
    expect(await store().metadata()).toMatchObject({ staleKeyCopies: ['keychain'] });
  });
});

describe('a cleartext device.key next to app lock (left by a crash)', () => {
  it('is deleted by a read when the lock is free; a reader never waits for a busy lock', async () => {
    const dir = await vaultDir();
    const leftover = await readFile(join(dir, 'device.key'));
    await fileStore(dir).setAppLock(PASS);
    await writeFile(join(dir, 'device.key'), leftover, { mode: 0o600 });
    const reader = fileStore(dir, { askPassphrase: ask(PASS), lock: { timeoutMs: 5_000 } });
    // We hold the lock while the reader reads: a reader that waited for it would never finish
    // (its lock timeout would end in ERR_VAULT_LOCKED), so succeeding proves it did not wait.
    await withLock(dir, async () => {
      expect((await reader.read()).accounts).toHaveLength(1);
    });
    expect(await entries(dir)).toContain('device.key');
    expect((await fileStore(dir, { askPassphrase: ask(PASS) }).read()).accounts).toHaveLength(1);
    expect(await entries(dir)).toEqual(['device.key.age', 'vault.age', 'vault.json']);
  });
});

describe('deleting a key copy', () => {
  it('fsyncs the folder after the unlink, so the deletion survives a power cut', async () => {
    const dir = await vaultDir();
    const log: string[] = [];
    const logging: AtomicWriteFs = {
      ...nodeAtomicWriteFs,
      unlink: async (path) => {
        log.push(`unlink ${path}`);
        await nodeAtomicWriteFs.unlink(path);
      },
      open: async (path, flags, mode) => {
        const handle = await nodeAtomicWriteFs.open(path, flags, mode);
        if (path !== dir || flags !== constants.O_RDONLY) return handle;
        return Object.assign(Object.create(handle) as typeof handle, {
          sync: async () => {
            log.push('sync folder');
            await handle.sync();
          },
          close: () => handle.close(),
        });
      },
    };
    await fileStore(dir, { fs: logging }).setAppLock(PASS);
    const unlinked = log.indexOf(`unlink ${join(dir, 'device.key')}`);
    expect(unlinked).toBeGreaterThanOrEqual(0);
    expect(log.slice(unlinked + 1)[0]).toBe('sync folder');
  });
});
