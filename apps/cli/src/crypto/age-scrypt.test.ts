import { Decrypter, Encrypter, generateX25519Identity, identityToRecipient } from 'age-encryption';
import { describe, expect, it } from 'vitest';
import {
  decryptWithPassphrase,
  encryptWithPassphrase,
  ScryptIdentity,
  ScryptRecipient,
  SCRYPT_LOG_N_DEFAULT,
} from './age-scrypt.js';

const text = new TextEncoder();
const plaintext = text.encode('one-time secrets, in order');

/** The header of C2SP/CCTV `age/testdata/scrypt` (passphrase "password", file key "YELLOW SUBMARINE"). */
const cctvScryptHeader = [
  'age-encryption.org/v1',
  '-> scrypt rF0/NwblUHHTpgQgRpe5CQ 10',
  'gUjEymFKMVXQEKdMMHL24oYexjE3TIC0O0zGSqJ2aUY',
  '--- IOXiQYStkoT1mvZW2tFOqZdhRVvj58egABx/sWfZQbc',
  '',
].join('\n');

/** The CCTV header with its stanza line replaced (the MAC then no longer matters: we fail first). */
function headerWithStanza(line: string): Uint8Array {
  return text.encode(cctvScryptHeader.replace('-> scrypt rF0/NwblUHHTpgQgRpe5CQ 10', line));
}

async function unwrapHeader(header: Uint8Array, identity: ScryptIdentity): Promise<Uint8Array> {
  const d = new Decrypter();
  d.addIdentity(identity);
  return d.decryptHeader(header);
}

describe('age scrypt stanza (C2SP age.md)', () => {
  it('writes files the stock age-encryption Decrypter opens with addPassphrase', async () => {
    const file = await encryptWithPassphrase(plaintext, 'correct horse', 10);
    const d = new Decrypter();
    d.addPassphrase('correct horse');
    expect(await d.decrypt(file)).toEqual(plaintext);
  });

  it('opens files written by the stock Encrypter with setPassphrase', async () => {
    const e = new Encrypter();
    e.setPassphrase('correct horse');
    e.setScryptWorkFactor(10);
    const file = await e.encrypt(plaintext);
    expect(await decryptWithPassphrase(file, 'correct horse')).toEqual(plaintext);
  });

  it('CCTV scrypt vector: unwraps the file key and the header MAC verifies', async () => {
    const fileKey = await unwrapHeader(text.encode(cctvScryptHeader), new ScryptIdentity('password'));
    expect(Buffer.from(fileKey).toString('hex')).toBe('59454c4c4f57205355424d4152494e45');
  });

  it('returns no match for a wrong passphrase (and ERR_PASSPHRASE_WRONG from the helper)', async () => {
    const identity = new ScryptIdentity('wrong');
    await expect(unwrapHeader(text.encode(cctvScryptHeader), identity)).rejects.toThrow(/no identity matched/);
    expect(identity.wrongPassphrase).toBe(true);
    const file = await encryptWithPassphrase(plaintext, 'correct horse', 10);
    await expect(decryptWithPassphrase(file, 'battery staple')).rejects.toMatchObject({ code: 'ERR_PASSPHRASE_WRONG' });
  });

  it('uses work factor 2^18 for new files by default', async () => {
    expect(SCRYPT_LOG_N_DEFAULT).toBe(18);
    const [stanza] = await new ScryptRecipient('correct horse').wrapFileKey(new Uint8Array(16));
    expect(stanza!.args[0]).toBe('scrypt');
    expect(stanza!.args[2]).toBe('18');
    expect(stanza!.body).toHaveLength(32);
  });

  // That nothing is derived first is proven with a counting scrypt in packages/backup's stanza tests.
  it.each(['9', '23', '64', '1000000'])('refuses work factor 2^%s', async (logN) => {
    const header = headerWithStanza(`-> scrypt rF0/NwblUHHTpgQgRpe5CQ ${logN}`);
    await expect(unwrapHeader(header, new ScryptIdentity('password'))).rejects.toMatchObject({
      code: 'ERR_KDF_PARAMS_OUT_OF_RANGE',
    });
  });

  it('applies a caller floor (the backup keyring asks for 2^15)', async () => {
    await expect(
      unwrapHeader(text.encode(cctvScryptHeader), new ScryptIdentity('password', { minLogN: 15 })),
    ).rejects.toMatchObject({ code: 'ERR_KDF_PARAMS_OUT_OF_RANGE' });
  });

  it.each([
    ['leading zero', '-> scrypt rF0/NwblUHHTpgQgRpe5CQ 010'],
    ['short salt', '-> scrypt rF0/NwblUHHTpgQgRpe5 10'],
    ['non-canonical salt', '-> scrypt rF0/NwblUHHTpgQgRpe5CR 10'],
    ['padded salt', '-> scrypt rF0/NwblUHHTpgQgRpe5CQ== 10'],
    ['extra argument', '-> scrypt rF0/NwblUHHTpgQgRpe5CQ 10 extra'],
    ['missing work factor', '-> scrypt rF0/NwblUHHTpgQgRpe5CQ'],
  ])('refuses a malformed stanza: %s', async (_name, line) => {
    await expect(unwrapHeader(headerWithStanza(line), new ScryptIdentity('password'))).rejects.toMatchObject({
      code: 'ERR_AGE_HEADER_INVALID',
    });
  });

  it('refuses an scrypt stanza that is not the only stanza', async () => {
    const e = new Encrypter();
    e.addRecipient(new ScryptRecipient('correct horse', 10));
    e.addRecipient(await identityToRecipient(await generateX25519Identity()));
    const file = await e.encrypt(plaintext);
    await expect(decryptWithPassphrase(file, 'correct horse')).rejects.toMatchObject({ code: 'ERR_AGE_HEADER_INVALID' });
  });

  it('reports a modified file as ERR_AGE_DECRYPT_FAILED', async () => {
    const file = await encryptWithPassphrase(plaintext, 'correct horse', 10);
    const tampered = file.slice();
    tampered[tampered.length - 1]! ^= 1;
    await expect(decryptWithPassphrase(tampered, 'correct horse')).rejects.toMatchObject({ code: 'ERR_AGE_DECRYPT_FAILED' });
    await expect(decryptWithPassphrase(text.encode('not age'), 'x')).rejects.toMatchObject({ code: 'ERR_AGE_DECRYPT_FAILED' });
  });

  it('rejects caller mistakes with RangeError', () => {
    expect(() => new ScryptRecipient('', 10)).toThrow(RangeError);
    expect(() => new ScryptRecipient('x', 9)).toThrow(RangeError);
    expect(() => new ScryptRecipient('x', 18.5)).toThrow(RangeError);
  });
});
