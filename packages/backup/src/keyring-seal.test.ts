import { Decrypter, Encrypter } from 'age-encryption';
import { describe, expect, it } from 'vitest';
import { createKeyring, encodeKeyring } from './keyring.js';
import { KEYRING_LOG_N_MIN, openKeyring, sealKeyring } from './keyring-seal.js';
import { countingScrypt, nodeRandom, nodeScrypt } from './test-support/node-crypto.js';

const PASSPHRASE = 'violet tractor ocean 47';
const keyring = await createKeyring({ kind: 'hybrid', now: Date.UTC(2026, 0, 31) });
const seal = (logN: number, passphrase = PASSPHRASE): Promise<Uint8Array> =>
  sealKeyring(keyring, passphrase, { scrypt: nodeScrypt, random: nodeRandom, logN });

/** The keyring file with its scrypt work factor rewritten (the header MAC then no longer matters: we fail first). */
function withLogN(file: Uint8Array, logN: string): Uint8Array {
  const text = Buffer.from(file).toString('latin1');
  return new Uint8Array(Buffer.from(text.replace(/^(-> scrypt \S+) \d+$/m, `$1 ${logN}`), 'latin1'));
}

describe('keyring passphrase slot (a standard age scrypt file)', () => {
  it('round-trips at the 2^15 floor', async () => {
    const file = await seal(KEYRING_LOG_N_MIN);
    expect(await openKeyring(file, PASSPHRASE, { scrypt: nodeScrypt })).toEqual(keyring);
  });

  it('uses 2^18 by default, and the stock age-encryption Decrypter opens it', async () => {
    const file = await sealKeyring(keyring, PASSPHRASE, { scrypt: nodeScrypt, random: nodeRandom });
    expect(Buffer.from(file).toString('latin1')).toMatch(/^-> scrypt [A-Za-z0-9+/]{22} 18$/m);
    const d = new Decrypter();
    d.addPassphrase(PASSPHRASE);
    expect(await d.decrypt(file)).toEqual(encodeKeyring(keyring));
  }, 120_000);

  it('opens a keyring written by the stock age-encryption Encrypter', async () => {
    const e = new Encrypter();
    e.setPassphrase(PASSPHRASE);
    e.setScryptWorkFactor(15);
    expect(await openKeyring(await e.encrypt(encodeKeyring(keyring)), PASSPHRASE, { scrypt: nodeScrypt })).toEqual(keyring);
  });

  it('normalises the passphrase to NFC on both sides', async () => {
    const file = await seal(10, 'cafe\u0301 tractor ocean');
    expect(await openKeyring(file, 'caf\u00e9 tractor ocean', { scrypt: nodeScrypt, minLogN: 10 })).toEqual(keyring);
  });

  it('checks passphrase strength when sealing, never when opening', async () => {
    await expect(seal(10, 'password1')).rejects.toMatchObject({ code: 'ERR_PASSPHRASE_WEAK' });
    await expect(seal(10, 'x'.repeat(2000))).rejects.toMatchObject({ code: 'ERR_PASSPHRASE_TOO_LONG' });
    const e = new Encrypter();
    e.setPassphrase('short');
    e.setScryptWorkFactor(15);
    expect(await openKeyring(await e.encrypt(encodeKeyring(keyring)), 'short', { scrypt: nodeScrypt })).toEqual(keyring);
  });

  it('a wrong passphrase is ERR_KEYRING_PASSPHRASE_WRONG', async () => {
    const file = await seal(KEYRING_LOG_N_MIN);
    await expect(openKeyring(file, 'violet tractor ocean 48', { scrypt: nodeScrypt })).rejects.toMatchObject({
      code: 'ERR_KEYRING_PASSPHRASE_WRONG',
    });
  });

  it.each(['14', '10', '23', '30', '1'.repeat(300)])('a work factor of 2^%s is refused before the KDF runs', async (logN) => {
    const file = withLogN(await seal(KEYRING_LOG_N_MIN), logN);
    const scrypt = countingScrypt();
    await expect(openKeyring(file, PASSPHRASE, { scrypt })).rejects.toMatchObject({ code: 'ERR_KDF_PARAMS_OUT_OF_RANGE' });
    expect(scrypt.calls).toEqual([]);
  });

  it('the bounds are options (a caller may accept less, e.g. for tests)', async () => {
    const file = await seal(10);
    await expect(openKeyring(file, PASSPHRASE, { scrypt: nodeScrypt })).rejects.toMatchObject({ code: 'ERR_KDF_PARAMS_OUT_OF_RANGE' });
    expect(await openKeyring(file, PASSPHRASE, { scrypt: nodeScrypt, minLogN: 10 })).toEqual(keyring);
  });

  it.each([
    ['not age at all', new TextEncoder().encode('hello')],
    ['empty', new Uint8Array(0)],
    ['larger than any keyring', new Uint8Array(65 * 1024)],
  ])('%s is ERR_KEYRING_CORRUPT', async (_name, file) => {
    await expect(openKeyring(file, PASSPHRASE, { scrypt: nodeScrypt })).rejects.toMatchObject({ code: 'ERR_KEYRING_CORRUPT' });
  });

  it('a passphrase file that is not a keyring, or is encrypted to a key instead, is ERR_KEYRING_CORRUPT', async () => {
    const e = new Encrypter();
    e.setPassphrase(PASSPHRASE);
    e.setScryptWorkFactor(15);
    await expect(openKeyring(await e.encrypt('not a keyring\n'), PASSPHRASE, { scrypt: nodeScrypt })).rejects.toMatchObject({
      code: 'ERR_KEYRING_CORRUPT',
    });
    const x = new Encrypter();
    x.addRecipient('age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p');
    await expect(openKeyring(await x.encrypt(encodeKeyring(keyring)), PASSPHRASE, { scrypt: nodeScrypt })).rejects.toMatchObject({
      code: 'ERR_KEYRING_CORRUPT',
    });
  });
});

// A small work factor keeps hundreds of KDF runs fast; the floor is lowered to match.
const smallFile = await seal(10);

describe('keyring file damage (issue 3: every byte flip and every truncation is rejected)', () => {
  const file = smallFile;
  const open = (bytes: Uint8Array): Promise<unknown> => openKeyring(bytes, PASSPHRASE, { scrypt: nodeScrypt, minLogN: 10 });
  const typed = new Set(['ERR_KEYRING_CORRUPT', 'ERR_KEYRING_PASSPHRASE_WRONG', 'ERR_KDF_PARAMS_OUT_OF_RANGE']);

  async function outcome(bytes: Uint8Array): Promise<string> {
    try {
      await open(bytes);
      return 'success';
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      return typeof code === 'string' && typed.has(code) ? code : `untyped: ${String(error)}`;
    }
  }

  it('every single-byte flip is a typed error', async () => {
    const seen = new Map<string, number>();
    for (let i = 0; i < file.length; i++) {
      const flipped = file.slice();
      flipped[i]! ^= 0x01;
      const result = await outcome(flipped);
      seen.set(result, (seen.get(result) ?? 0) + 1);
      expect(typed.has(result), `byte ${i}: ${result}`).toBe(true);
    }
    expect(seen.get('ERR_KEYRING_CORRUPT')).toBeGreaterThan(0);
  });

  it('every truncation, and appended bytes, are typed errors', async () => {
    for (let length = 0; length < file.length; length++) {
      const result = await outcome(file.slice(0, length));
      expect(typed.has(result), `length ${length}: ${result}`).toBe(true);
    }
    expect(await outcome(new Uint8Array([...file, 0]))).toBe('ERR_KEYRING_CORRUPT');
  });
});
