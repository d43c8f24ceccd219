// End to end through the public API: set up, back up, rotate, back up again, restore each way.
import { describe, expect, it } from 'vitest';
import {
  createKeyring,
  currentIdentity,
  currentRecipient,
  fetchSnapshot,
  parseRecoveryKey,
  publishGeneration,
  publishKeyring,
  rotateKeyring,
  unlockBackup,
  type Keyring,
} from './index.js';
import { MemoryDestination } from './test-support/memory-destination.js';
import { nodeRandom, nodeScrypt } from './test-support/node-crypto.js';

const PASSPHRASE = 'violet tractor ocean 47';
const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const createdAt = (plaintext: Uint8Array): number => Number(new TextDecoder().decode(plaintext).split('|')[0]);

async function backUp(destination: MemoryDestination, keyring: Keyring, generation: number): Promise<string> {
  const plaintext = text(`${generation}|generation ${generation}`);
  const recipients = [await currentRecipient(keyring)];
  return (await publishGeneration({ destination, deviceId: 'laptop', generation, plaintext, recipients, identities: keyring.identities, random: nodeRandom })).name;
}

describe('key rotation (issue 3: new generations use the new key, old ones stay readable until pruned)', () => {
  it('old generations open with the rotated keyring, new ones use only the new recipient', async () => {
    const destination = new MemoryDestination();
    const original = await createKeyring({ kind: 'hybrid', now: 0 });
    await publishKeyring({ destination, keyring: original, passphrase: PASSPHRASE, scrypt: nodeScrypt, random: nodeRandom, logN: 15 });
    const old = await backUp(destination, original, 1);

    const rotated = await rotateKeyring(original, 'hybrid');
    await publishKeyring({ destination, keyring: rotated, passphrase: PASSPHRASE, scrypt: nodeScrypt, random: nodeRandom, logN: 15 });
    const fresh = await backUp(destination, rotated, 2);

    const unlocked = await unlockBackup({ destination, credential: { passphrase: PASSPHRASE }, scrypt: nodeScrypt });
    expect(unlocked.keyring).toEqual(rotated);
    const newest = await fetchSnapshot({ destination, identities: unlocked.identities, createdAt });
    expect(newest.name).toBe(fresh);
    const older = await fetchSnapshot({ destination, identities: unlocked.identities, generation: 1, createdAt });
    expect(older.name).toBe(old);

    // The old recovery key opens only what was written before the rotation; the new one only after.
    const oldKey = await unlockBackup({ destination, credential: { recoveryKey: currentIdentity(original).toLowerCase() }, scrypt: nodeScrypt });
    await expect(fetchSnapshot({ destination, identities: oldKey.identities, generation: 2, createdAt })).rejects.toMatchObject({
      code: 'ERR_BACKUP_KEY_MISMATCH',
    });
    expect((await fetchSnapshot({ destination, identities: oldKey.identities, generation: 1, createdAt })).name).toBe(old);
    const newKey = [parseRecoveryKey(currentIdentity(rotated)).identity];
    expect((await fetchSnapshot({ destination, identities: newKey, createdAt })).name).toBe(fresh);
    await expect(fetchSnapshot({ destination, identities: newKey, generation: 1, createdAt })).rejects.toMatchObject({
      code: 'ERR_BACKUP_KEY_MISMATCH',
    });
  });

  it('a wrong passphrase is ERR_KEYRING_PASSPHRASE_WRONG and changes nothing', async () => {
    const destination = new MemoryDestination();
    const keyring = await createKeyring({ kind: 'classic', now: 0 });
    await publishKeyring({ destination, keyring, passphrase: PASSPHRASE, scrypt: nodeScrypt, random: nodeRandom, logN: 15 });
    const before = new Map(destination.objects);
    await expect(unlockBackup({ destination, credential: { passphrase: 'not the passphrase' }, scrypt: nodeScrypt })).rejects.toMatchObject({
      code: 'ERR_KEYRING_PASSPHRASE_WRONG',
    });
    expect(destination.objects).toEqual(before);
    await expect(unlockBackup({ destination: new MemoryDestination(), credential: { passphrase: PASSPHRASE }, scrypt: nodeScrypt })).rejects.toMatchObject({
      code: 'ERR_KEYRING_NOT_FOUND',
    });
  });
});
