import { describe, expect, it } from 'vitest';
import { generateBackupIdentity } from './identity.js';
import { parseRecoveryKey } from './recovery-key.js';
import { MemoryDestination } from './test-support/memory-destination.js';
import { countingScrypt } from './test-support/node-crypto.js';
import { unlockBackup } from './unlock.js';

const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l'.toUpperCase();

/** Every string one character away from `key` (within the Bech32 alphabet), after the prefix's "1". */
function substitutions(key: string): string[] {
  const start = key.lastIndexOf('1') + 1;
  const out: string[] = [];
  for (let i = start; i < key.length; i++) {
    for (const c of BECH32) if (c !== key[i]) out.push(key.slice(0, i) + c + key.slice(i + 1));
  }
  return out;
}

/** Every string with two neighbouring, different characters swapped. */
function swaps(key: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < key.length; i++) {
    if (key[i] !== key[i + 1]) out.push(key.slice(0, i) + key[i + 1]! + key[i]! + key.slice(i + 2));
  }
  return out;
}

describe('recovery key (Bech32 checksum, BIP 173)', () => {
  it.each(['hybrid', 'classic'] as const)('accepts a %s key typed with spaces, line breaks and any case', async (kind) => {
    const { identity } = await generateBackupIdentity(kind);
    const typed = `  ${identity.slice(0, 20).toLowerCase()} ${identity.slice(20, 40)}\n${identity.slice(40).toLowerCase()}\r\n`;
    expect(parseRecoveryKey(typed)).toEqual({ identity, kind });
  });

  it.each(['hybrid', 'classic'] as const)('catches every one-character typo and every swap of neighbours in a %s key', async (kind) => {
    const { identity } = await generateBackupIdentity(kind);
    const typos = [...substitutions(identity), ...swaps(identity)];
    expect(typos.length).toBeGreaterThan(1500);
    for (const typo of typos) {
      expect(() => parseRecoveryKey(typo), typo).toThrow(expect.objectContaining({ code: 'ERR_RECOVERY_KEY_INVALID' }));
    }
  });

  it('says a typo was detected, or that it is not a recovery key at all', async () => {
    const { identity } = await generateBackupIdentity('classic');
    const typo = identity.slice(0, 30) + (identity[30] === 'Q' ? 'P' : 'Q') + identity.slice(31);
    expect(() => parseRecoveryKey(typo)).toThrow(/typo/);
    expect(() => parseRecoveryKey('correct horse battery staple')).toThrow(/not a recovery key/);
    expect(() => parseRecoveryKey('x'.repeat(5000))).toThrow(expect.objectContaining({ code: 'ERR_RECOVERY_KEY_INVALID' }));
  });

  it('a typo is refused before the destination is read or any KDF runs', async () => {
    const { identity } = await generateBackupIdentity('hybrid');
    const destination = new MemoryDestination();
    const scrypt = countingScrypt();
    // Swap the first pair of different neighbours after position 25 (equal ones would swap into the same key).
    let at = 25;
    while (identity[at] === identity[at + 1]) at++;
    const typo = identity.slice(0, at) + identity[at + 1]! + identity[at]! + identity.slice(at + 2);
    await expect(unlockBackup({ destination, credential: { recoveryKey: typo }, scrypt })).rejects.toMatchObject({
      code: 'ERR_RECOVERY_KEY_INVALID',
    });
    expect(scrypt.calls).toEqual([]);
    expect(destination.calls).toEqual([]);
  });
});
