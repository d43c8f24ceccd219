import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Decrypter } from 'age-encryption';
import { describe, expect, it } from 'vitest';
import { memoryKeychain } from './test-support/memory-keychain.js';
import { entries, tempDir } from './test-support/temp-dir.js';
import { fileStore, sampleVault } from './test-support/vaults.js';

const PASS = 'violet tractor ocean 47';
const OTHER = 'quiet lantern moss 19';

async function vaultDir(options: Parameters<typeof fileStore>[1] = {}): Promise<string> {
  const dir = join(await tempDir(), 'vault');
  await fileStore(dir, options).create(sampleVault());
  return dir;
}

const ask = (passphrase: string) => () => Promise.resolve(passphrase);

describe('app lock', () => {
  it('set: the key moves into device.key.age (0600, standard age scrypt) and nowhere else', async () => {
    const dir = await vaultDir();
    const identity = (await readFile(join(dir, 'device.key'), 'utf8')).trim();
    await fileStore(dir).setAppLock(PASS);
    expect(await entries(dir)).toEqual(['device.key.age', 'vault.age', 'vault.json']);
    expect((await stat(join(dir, 'device.key.age'))).mode & 0o777).toBe(0o600);
    expect(await fileStore(dir).metadata()).toMatchObject({ keyStorage: 'passphrase' });
    const d = new Decrypter();
    d.addPassphrase(PASS);
    expect((await d.decrypt(await readFile(join(dir, 'device.key.age')), 'text')).trim()).toBe(identity);
  });

  it('after set, reading needs the passphrase: none → REQUIRED, wrong → WRONG, right → the vault', async () => {
    const dir = await vaultDir();
    await fileStore(dir).setAppLock(PASS);
    await expect(fileStore(dir).read()).rejects.toMatchObject({ code: 'ERR_PASSPHRASE_REQUIRED' });
    await expect(fileStore(dir, { askPassphrase: ask('') }).read()).rejects.toMatchObject({ code: 'ERR_PASSPHRASE_REQUIRED' });
    await expect(fileStore(dir, { askPassphrase: ask(OTHER) }).read()).rejects.toMatchObject({ code: 'ERR_PASSPHRASE_WRONG' });
    expect((await fileStore(dir, { askPassphrase: ask(PASS) }).read()).accounts).toHaveLength(1);
  });

  it('normalises passphrases to NFC, so composed and decomposed forms unlock alike', async () => {
    const dir = await vaultDir();
    await fileStore(dir).setAppLock('caf\u00e9 au lait sans sucre');
    const store = fileStore(dir, { askPassphrase: ask('cafe\u0301 au lait sans sucre') });
    expect((await store.read()).accounts).toHaveLength(1);
  });

  it.each(['short', 'password123', 'aaaaaaaaaaaa', 'x'.repeat(1025)])('refuses a weak passphrase (%#) and changes nothing', async (weak) => {
    const dir = await vaultDir();
    const error: unknown = await fileStore(dir).setAppLock(weak).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: weak.length > 1024 ? 'ERR_PASSPHRASE_TOO_LONG' : 'ERR_PASSPHRASE_WEAK' });
    expect(String(error)).not.toContain(weak);
    expect(await entries(dir)).toEqual(['device.key', 'vault.age', 'vault.json']);
  });

  it('refuses set twice, and change/remove when it is off', async () => {
    const dir = await vaultDir();
    await expect(fileStore(dir).removeAppLock(PASS)).rejects.toMatchObject({ code: 'ERR_APP_LOCK_NOT_SET' });
    await expect(fileStore(dir).changeAppLock(PASS, OTHER)).rejects.toMatchObject({ code: 'ERR_APP_LOCK_NOT_SET' });
    await fileStore(dir).setAppLock(PASS);
    await expect(fileStore(dir).setAppLock(OTHER)).rejects.toMatchObject({ code: 'ERR_APP_LOCK_ALREADY_SET' });
  });

  it('change: needs the old passphrase; afterwards only the new one opens', async () => {
    const dir = await vaultDir();
    await fileStore(dir).setAppLock(PASS);
    const wrong: unknown = await fileStore(dir).changeAppLock(OTHER, 'new passphrase here').catch((e: unknown) => e);
    expect(wrong).toMatchObject({ code: 'ERR_PASSPHRASE_WRONG' });
    expect(String(wrong)).not.toContain(OTHER);
    await fileStore(dir).changeAppLock(PASS, OTHER);
    await expect(fileStore(dir, { askPassphrase: ask(PASS) }).read()).rejects.toMatchObject({ code: 'ERR_PASSPHRASE_WRONG' });
    expect((await fileStore(dir, { askPassphrase: ask(OTHER) }).read()).accounts).toHaveLength(1);
  });

  it('remove: needs the passphrase; afterwards the key is back in device.key', async () => {
    const dir = await vaultDir();
    await fileStore(dir).setAppLock(PASS);
    await expect(fileStore(dir).removeAppLock(OTHER)).rejects.toMatchObject({ code: 'ERR_PASSPHRASE_WRONG' });
    await fileStore(dir).removeAppLock(PASS);
    expect(await entries(dir)).toEqual(['device.key', 'vault.age', 'vault.json']);
    expect(await fileStore(dir).metadata()).toMatchObject({ keyStorage: 'file' });
    expect((await fileStore(dir).read()).accounts).toHaveLength(1);
  });

  it('deletes a cleartext device.key left by a crash after app lock was recorded', async () => {
    const dir = await vaultDir();
    const leftover = await readFile(join(dir, 'device.key'));
    await fileStore(dir).setAppLock(PASS);
    await writeFile(join(dir, 'device.key'), leftover, { mode: 0o600 });
    await fileStore(dir, { askPassphrase: ask(PASS) }).update((vault) => ({ vault, result: undefined }));
    expect(await entries(dir)).toEqual(['device.key.age', 'vault.age', 'vault.json']);
  });
});

describe('device key in the keychain', () => {
  it('is stored under the vault id, with no key file in the folder', async () => {
    const keychain = memoryKeychain();
    const dir = await vaultDir({ keychain });
    const meta = await fileStore(dir, { keychain }).metadata();
    expect(meta.keyStorage).toBe('keychain');
    expect(keychain.items.get(meta.vaultId)).toMatch(/^AGE-SECRET-KEY-1/);
    expect(await entries(dir)).toEqual(['vault.age', 'vault.json']);
    expect((await fileStore(dir, { keychain }).read()).accounts).toHaveLength(1);
  });

  it('accepts a lazy keychain detector', async () => {
    const keychain = memoryKeychain();
    const dir = await vaultDir({ keychain: () => Promise.resolve(keychain) });
    expect(keychain.items.size).toBe(1);
    expect((await fileStore(dir, { keychain: () => Promise.resolve(keychain) }).read()).accounts).toHaveLength(1);
  });

  it('never probes for a keychain when the key is in a file', async () => {
    const dir = await vaultDir();
    const probe = () => Promise.reject(new Error('probed'));
    const store = fileStore(dir, { keychain: probe });
    expect((await store.read()).accounts).toHaveLength(1);
    await store.update((vault) => ({ vault, result: undefined }));
  });

  it('is missing when the keychain lacks it or is off → ERR_DEVICE_KEY_MISSING', async () => {
    const keychain = memoryKeychain();
    const dir = await vaultDir({ keychain });
    await expect(fileStore(dir, { keychain: null }).read()).rejects.toMatchObject({ code: 'ERR_DEVICE_KEY_MISSING' });
    keychain.items.clear();
    await expect(fileStore(dir, { keychain }).read()).rejects.toMatchObject({ code: 'ERR_DEVICE_KEY_MISSING' });
  });

  it('leaves the keychain when app lock is set and returns to it when removed', async () => {
    const keychain = memoryKeychain();
    const dir = await vaultDir({ keychain });
    await fileStore(dir, { keychain }).setAppLock(PASS);
    expect(keychain.items.size).toBe(0);
    expect(await entries(dir)).toEqual(['device.key.age', 'vault.age', 'vault.json']);
    await fileStore(dir, { keychain }).removeAppLock(PASS);
    expect(keychain.items.size).toBe(1);
    expect(await entries(dir)).toEqual(['vault.age', 'vault.json']);
    expect((await fileStore(dir, { keychain }).read()).accounts).toHaveLength(1);
  });

  it('refuses to trust a keychain that does not keep the key', async () => {
    const forgetful = { ...memoryKeychain(), lookup: () => Promise.resolve(undefined) };
    const dir = join(await tempDir(), 'vault');
    await expect(fileStore(dir, { keychain: forgetful }).create(sampleVault())).rejects.toMatchObject({
      code: 'ERR_KEYCHAIN_FAILED',
    });
  });
});
