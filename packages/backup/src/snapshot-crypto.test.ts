import { Encrypter } from 'age-encryption';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateBackupIdentity } from './identity.js';
import { decryptSnapshot, encryptSnapshot } from './snapshot-crypto.js';

const plaintext = new TextEncoder().encode('{"format":"tessera-backup","accounts":[]}');
const hybrid = await generateBackupIdentity('hybrid');
const classic = await generateBackupIdentity('classic');
const other = await generateBackupIdentity('classic');
const TYPED = new Set(['ERR_BACKUP_CORRUPT', 'ERR_BACKUP_KEY_MISMATCH']);

/** The error code `decryptSnapshot` ends with, 'success' when it returns the original, or what went wrong. */
async function outcome(file: Uint8Array, identities: readonly string[]): Promise<string> {
  try {
    const result = await decryptSnapshot(file, identities);
    return Buffer.from(result).equals(plaintext) ? 'success' : 'success with DIFFERENT plaintext';
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' && TYPED.has(code) ? code : `untyped: ${String(error)}`;
  }
}

describe('snapshot encryption (age, to the keyring recipient)', () => {
  it.each([hybrid, classic])('round-trips with a $kind identity', async ({ identity, recipient }) => {
    const file = await encryptSnapshot(plaintext, [recipient]);
    expect(new TextDecoder().decode(file.subarray(0, 22))).toBe('age-encryption.org/v1\n');
    expect(await decryptSnapshot(file, [identity])).toEqual(plaintext);
  });

  it('opens with any identity of a keyring, in any order', async () => {
    const file = await encryptSnapshot(plaintext, [classic.recipient]);
    expect(await decryptSnapshot(file, [hybrid.identity, other.identity, classic.identity])).toEqual(plaintext);
  });

  it('round-trips arbitrary bytes, including empty and multi-chunk payloads', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ minLength: 65_530, maxLength: 140_000 })), async (bytes) => {
        expect(await decryptSnapshot(await encryptSnapshot(bytes, [classic.recipient]), [classic.identity])).toEqual(bytes);
      }),
      { numRuns: process.env['SLOW'] ? 200 : 15 },
    );
  });

  it('a wrong key is ERR_BACKUP_KEY_MISMATCH', async () => {
    const file = await encryptSnapshot(plaintext, [hybrid.recipient]);
    await expect(decryptSnapshot(file, [classic.identity])).rejects.toMatchObject({ code: 'ERR_BACKUP_KEY_MISMATCH' });
    await expect(decryptSnapshot(file, [(await generateBackupIdentity('hybrid')).identity])).rejects.toMatchObject({
      code: 'ERR_BACKUP_KEY_MISMATCH',
    });
  });

  it('a passphrase-encrypted file is a key mismatch, not a crash', async () => {
    const e = new Encrypter();
    e.setPassphrase('x');
    e.setScryptWorkFactor(10);
    await expect(decryptSnapshot(await e.encrypt(plaintext), [classic.identity])).rejects.toMatchObject({ code: 'ERR_BACKUP_KEY_MISMATCH' });
  });

  it.each([
    ['empty', new Uint8Array(0)],
    ['not age', new TextEncoder().encode('{"format":"tessera-backup"}')],
    ['armored age', new TextEncoder().encode('-----BEGIN AGE ENCRYPTED FILE-----\n')],
  ])('%s is ERR_BACKUP_CORRUPT', async (_name, file) => {
    await expect(decryptSnapshot(file, [classic.identity])).rejects.toMatchObject({ code: 'ERR_BACKUP_CORRUPT' });
  });

  it('caller mistakes are TypeErrors', async () => {
    await expect(encryptSnapshot(plaintext, [])).rejects.toThrow(TypeError);
    await expect(encryptSnapshot(plaintext, ['AGE-SECRET-KEY-1'])).rejects.toThrow(TypeError);
    await expect(encryptSnapshot(plaintext, ['age1notarecipient'])).rejects.toThrow(TypeError);
    await expect(decryptSnapshot(new Uint8Array(0), [])).rejects.toThrow(TypeError);
    await expect(decryptSnapshot(new Uint8Array(0), [classic.recipient])).rejects.toThrow(TypeError);
  });
});

describe('snapshot file damage (issue 3, security.md §2b cases 5 and 6)', () => {
  it.each([classic, hybrid])('every single-byte flip of a $kind snapshot is a typed error', async ({ identity, recipient, kind }) => {
    const file = await encryptSnapshot(plaintext, [recipient]);
    const counts = new Map<string, number>();
    // Two flips per byte (low and high bit) where decryption is cheap; the ML-KEM file is 8x larger.
    const masks = kind === 'classic' ? [0x01, 0x80] : [0x01];
    for (let i = 0; i < file.length; i++) {
      for (const mask of masks) {
        const flipped = file.slice();
        flipped[i]! ^= mask;
        const result = await outcome(flipped, [identity]);
        counts.set(result, (counts.get(result) ?? 0) + 1);
        expect(TYPED.has(result), `byte ${i} ^ ${mask}: ${result}`).toBe(true);
      }
    }
    expect(counts.get('ERR_BACKUP_CORRUPT')).toBeGreaterThan(0);
  });

  it.each([classic, hybrid])('every truncation of a $kind snapshot, and appended bytes, are typed errors', async ({ identity, recipient }) => {
    const file = await encryptSnapshot(plaintext, [recipient]);
    for (let length = 0; length < file.length; length++) {
      const result = await outcome(file.slice(0, length), [identity]);
      expect(TYPED.has(result), `length ${length}: ${result}`).toBe(true);
    }
    expect(await outcome(new Uint8Array([...file, 0x0a]), [identity])).toBe('ERR_BACKUP_CORRUPT');
  });
});
