import { describe, expect, it } from 'vitest';
import { createKeyring, rotateKeyring } from './keyring.js';
import { openKeyring } from './keyring-seal.js';
import { fetchKeyring, publishKeyring, type PublishKeyringOptions } from './keyring-store.js';
import { KEYRING_PREFIX, parseKeyringName } from './layout.js';
import { MemoryDestination } from './test-support/memory-destination.js';
import { nodeRandom, nodeScrypt, scriptedRandom } from './test-support/node-crypto.js';

const PASSPHRASE = 'violet tractor ocean 47';
const keyring = await createKeyring({ kind: 'classic', now: Date.UTC(2026, 0, 31) });
const open = (bytes: Uint8Array, passphrase = PASSPHRASE) => openKeyring(bytes, passphrase, { scrypt: nodeScrypt, minLogN: 10 });

function options(destination: MemoryDestination, extra: Partial<PublishKeyringOptions> = {}): PublishKeyringOptions {
  return { destination, keyring, passphrase: PASSPHRASE, scrypt: nodeScrypt, random: nodeRandom, logN: 10, ...extra };
}

describe('keyring in a destination (never overwritten; newest sequence wins)', () => {
  it('publishes sequence 1, then fetchKeyring returns it', async () => {
    const destination = new MemoryDestination();
    const { name } = await publishKeyring(options(destination));
    expect(parseKeyringName(name)?.seq).toBe(1);
    const fetched = await fetchKeyring(destination);
    expect(fetched.name).toBe(name);
    expect(await open(fetched.bytes)).toEqual(keyring);
  });

  it('a new passphrase or a rotation is a new object; the older ones go only after it verified', async () => {
    const destination = new MemoryDestination();
    const first = await publishKeyring(options(destination));
    const rotated = await rotateKeyring(keyring, 'classic');
    const second = await publishKeyring(options(destination, { keyring: rotated, passphrase: 'a brand new passphrase' }));
    expect(parseKeyringName(second.name)?.seq).toBe(2);
    expect(second.removed).toEqual([first.name]);
    expect(destination.names()).toEqual([second.name]);
    const fetched = await fetchKeyring(destination);
    expect(await open(fetched.bytes, 'a brand new passphrase')).toEqual(rotated);
    await expect(open(fetched.bytes)).rejects.toMatchObject({ code: 'ERR_KEYRING_PASSPHRASE_WRONG' });
  });

  it('verification failure removes the new keyring and keeps the old one', async () => {
    const destination = new MemoryDestination();
    const first = await publishKeyring(options(destination));
    destination.misbehaviour = { flipOnRead: (name) => name !== first.name };
    await expect(publishKeyring(options(destination, { keyring: await rotateKeyring(keyring) }))).rejects.toMatchObject({
      code: 'ERR_BACKUP_VERIFY_FAILED',
    });
    expect(destination.names()).toEqual([first.name]);
  });

  it('never calls create with an existing name, and never deletes a keyring written meanwhile', async () => {
    const destination = new MemoryDestination({ overwriteOnCreate: true });
    const newer = `${KEYRING_PREFIX}000002-0a0b0c0d.age`;
    const first = await publishKeyring(options(destination));
    const list = destination.list.bind(destination);
    // Another device publishes sequence 2 while our listing is already taken: it must survive.
    let listed = false;
    destination.list = async (prefix) => {
      const entries = await list(prefix);
      if (!listed) destination.objects.set(newer, new Uint8Array([1]));
      listed = true;
      return entries;
    };
    const ours = await publishKeyring(options(destination, { random: scriptedRandom(new Uint8Array(16), new Uint8Array([1, 2, 3, 4])) }));
    expect(ours.name).toBe(`${KEYRING_PREFIX}000002-01020304.age`);
    expect(destination.calls.filter((c) => c.op === 'create').every((c) => c.existed === false)).toBe(true);
    expect(destination.names()).toEqual([newer, ours.name].sort());
    expect(ours.removed).toEqual([first.name]);
  });

  it('refuses a weak passphrase before writing anything', async () => {
    const destination = new MemoryDestination();
    await expect(publishKeyring(options(destination, { passphrase: 'password1' }))).rejects.toMatchObject({ code: 'ERR_PASSPHRASE_WEAK' });
    expect(destination.calls).toEqual([]);
  });

  it('no keyring is ERR_KEYRING_NOT_FOUND (foreign objects are ignored)', async () => {
    const destination = new MemoryDestination();
    destination.objects.set('tessera/keyring.age', new Uint8Array(1));
    await expect(fetchKeyring(destination)).rejects.toMatchObject({ code: 'ERR_KEYRING_NOT_FOUND' });
  });
});
