/**
 * The device-key cipher on files of several age chunks (64 KiB each): whatever part is damaged
 * or cut, opening it is ERR_VAULT_DECRYPT_FAILED — never an untyped stream error, never a hang.
 */
import { randomBytes } from 'node:crypto';
import { generateIdentity } from 'age-encryption';
import { describe, expect, it } from 'vitest';
import { openFromDevice, sealToDevice } from './vault-cipher.js';

const CHUNK = 64 * 1024;
const OVERHEAD = 16;

describe('sealToDevice / openFromDevice over several chunks', () => {
  it('round-trips 200 KB, and refuses a flipped bit in any chunk, a cut at a chunk boundary, and another key', async () => {
    const identity = await generateIdentity();
    const plaintext = new Uint8Array(randomBytes(200_000));
    const sealed = await sealToDevice(plaintext, identity);
    expect(await openFromDevice(sealed, identity)).toEqual(plaintext);

    // The payload starts after the header and the 16-byte nonce; each sealed chunk is 64 KiB + tag.
    const payloadStart = sealed.length - (plaintext.length + Math.ceil(plaintext.length / CHUNK) * OVERHEAD);
    const damaged = [payloadStart + 10, payloadStart + CHUNK + OVERHEAD + 10, sealed.length - 5].map((offset) => {
      const copy = sealed.slice();
      copy[offset]! ^= 0x01;
      return copy;
    });
    const cut = sealed.subarray(0, payloadStart + 2 * (CHUNK + OVERHEAD));
    for (const file of [...damaged, cut]) {
      await expect(openFromDevice(file, identity)).rejects.toMatchObject({ code: 'ERR_VAULT_DECRYPT_FAILED' });
    }
    await expect(openFromDevice(sealed, await generateIdentity())).rejects.toMatchObject({ code: 'ERR_VAULT_DECRYPT_FAILED' });
  });
});
