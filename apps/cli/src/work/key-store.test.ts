import { mkdtemp, readFile, readdir, rm, stat, cp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compactVerify, importJWK, jwtVerify } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Keychain } from '../store/keychain.js';
import { generateWorkKey, signJws } from './es256.js';
import { deleteWorkKey, loadWorkKey, saveWorkKey, WORK_KEYS_DIR, type WorkKeyStoreContext } from './key-store.js';

let dir: string;
beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'tessera-work-keys-')); });
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

function store(machine: string, keychain: Keychain | null = null, where = dir): WorkKeyStoreContext {
  return { dir: where, vaultId: 'vault-1', rawMachineId: () => Promise.resolve(machine), keychain: () => Promise.resolve(keychain) };
}

function memoryKeychain(): Keychain & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    name: 'memory', items,
    lookup: (id) => Promise.resolve(items.get(id)),
    store: (id, secret) => { items.set(id, secret); return Promise.resolve(); },
    remove: (id) => { items.delete(id); return Promise.resolve(); },
  };
}

const BINDING = { serverUrl: 'https://id.example.org', audience: 'https://id.example.org' };

describe('the device-bound work key store', () => {
  it('seals the key into a 0600 file that holds no private key in the clear, and signs ES256 the server verifies', async () => {
    const { privateJwk, publicJwk } = await generateWorkKey();
    await saveWorkKey(store('machine-a'), 'dev-1', privateJwk, BINDING);
    const file = join(dir, WORK_KEYS_DIR, 'dev-1.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, WORK_KEYS_DIR))).mode & 0o777).toBe(0o700);
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain(privateJwk.d);
    const found = await loadWorkKey(store('machine-a'), 'dev-1');
    if (found.status !== 'ok') throw new Error(found.status);
    expect(found.key).toMatchObject({ registrationId: 'dev-1', ...BINDING });
    expect(found.key.key.extractable).toBe(false);
    const jws = await signJws(found.key.key, { typ: 'tessera-device+jwt' }, { sub: 'dev-1', aud: BINDING.audience, iat: 1, exp: 2, jti: 'x'.repeat(16) });
    expect(jws.split('.')[2]).toMatch(/^[A-Za-z0-9_-]{85}[AQgw]$/);
    const verified = await compactVerify(jws, await importJWK({ ...publicJwk }, 'ES256'));
    expect(verified.protectedHeader).toEqual({ alg: 'ES256', typ: 'tessera-device+jwt' });
    await expect(jwtVerify(jws, await importJWK({ ...publicJwk }, 'ES256'), { currentDate: new Date(1500) })).resolves.toBeDefined();
  });

  it('a copy of the folder on another machine cannot open the key (foreign), and a missing key is missing', async () => {
    const { privateJwk } = await generateWorkKey();
    await saveWorkKey(store('machine-a'), 'dev-1', privateJwk, BINDING);
    const clone = join(dir, 'clone');
    await cp(join(dir, WORK_KEYS_DIR), join(clone, WORK_KEYS_DIR), { recursive: true });
    expect((await loadWorkKey(store('machine-c', null, clone), 'dev-1')).status).toBe('foreign');
    expect((await loadWorkKey(store('machine-a'), 'dev-2')).status).toBe('missing');
    expect((await loadWorkKey(store('machine-a'), '../etc')).status).toBe('missing');
    await deleteWorkKey(store('machine-c', null, clone), 'dev-1');
    expect(await readdir(join(clone, WORK_KEYS_DIR))).toEqual([]);
  });

  it('a tampered record is foreign, not a crash', async () => {
    const { privateJwk } = await generateWorkKey();
    await saveWorkKey(store('machine-a'), 'dev-1', privateJwk, BINDING);
    const file = join(dir, WORK_KEYS_DIR, 'dev-1.json');
    const record = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
    const { writeFile } = await import('node:fs/promises');
    const sealed = record['sealed'] ?? '';
    // A different first character, whatever the random ciphertext starts with.
    await writeFile(file, JSON.stringify({ ...record, sealed: `${sealed.startsWith('A') ? 'B' : 'A'}${sealed.slice(1)}` }));
    expect((await loadWorkKey(store('machine-a'), 'dev-1')).status).toBe('foreign');
    await writeFile(file, 'not json');
    expect((await loadWorkKey(store('machine-a'), 'dev-1')).status).toBe('foreign');
  });

  it('uses the keychain when there is one, and nothing lands in the vault folder', async () => {
    const keychain = memoryKeychain();
    const { privateJwk } = await generateWorkKey();
    await saveWorkKey(store('machine-a', keychain), 'dev-1', privateJwk, BINDING);
    expect([...keychain.items.keys()]).toEqual(['vault-1:work:dev-1']);
    expect(await readdir(dir)).toEqual([]);
    expect((await loadWorkKey(store('machine-a', keychain), 'dev-1')).status).toBe('ok');
    expect((await loadWorkKey(store('machine-b', keychain), 'dev-1')).status).toBe('foreign');
    await deleteWorkKey(store('machine-a', keychain), 'dev-1');
    expect(keychain.items.size).toBe(0);
  });
});
