import { Decrypter, Encrypter, generateX25519Identity, identityToRecipient } from 'age-encryption';
import { describe, expect, it } from 'vitest';
import { countingScrypt, nodeRandom, nodeScrypt } from '../test-support/node-crypto.js';
import { SCRYPT_LOG_N_DEFAULT, ScryptIdentity, ScryptRecipient } from './scrypt-stanza.js';

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

function headerWithStanza(line: string): Uint8Array {
  return text.encode(cctvScryptHeader.replace('-> scrypt rF0/NwblUHHTpgQgRpe5CQ 10', line));
}

async function unwrapHeader(header: Uint8Array, identity: ScryptIdentity): Promise<Uint8Array> {
  const d = new Decrypter();
  d.addIdentity(identity);
  return d.decryptHeader(header);
}

async function encrypt(passphrase: string, logN: number): Promise<Uint8Array> {
  const e = new Encrypter();
  e.addRecipient(new ScryptRecipient(passphrase, { scrypt: nodeScrypt, random: nodeRandom, logN }));
  return e.encrypt(plaintext);
}

describe('age scrypt stanza with an injected KDF (C2SP age.md, scrypt recipient stanza)', () => {
  it('CCTV scrypt vector: unwraps the file key and the header MAC verifies', async () => {
    const fileKey = await unwrapHeader(text.encode(cctvScryptHeader), new ScryptIdentity('password', { scrypt: nodeScrypt }));
    expect(Buffer.from(fileKey).toString('hex')).toBe('59454c4c4f57205355424d4152494e45');
  });

  it('writes files the stock age-encryption Decrypter opens with addPassphrase', async () => {
    const d = new Decrypter();
    d.addPassphrase('correct horse');
    expect(await d.decrypt(await encrypt('correct horse', 10))).toEqual(plaintext);
  });

  it('opens files written by the stock Encrypter with setPassphrase', async () => {
    const e = new Encrypter();
    e.setPassphrase('correct horse');
    e.setScryptWorkFactor(10);
    const d = new Decrypter();
    d.addIdentity(new ScryptIdentity('correct horse', { scrypt: nodeScrypt }));
    expect(await d.decrypt(await e.encrypt(plaintext))).toEqual(plaintext);
  });

  it('passes the KDF the UTF-8 passphrase, the labelled salt and logN, and uses 2^18 by default', async () => {
    const seen: { passphrase: string; salt: Uint8Array; logN: number }[] = [];
    const spy = (passphrase: Uint8Array, salt: Uint8Array, logN: number): Promise<Uint8Array> => {
      seen.push({ passphrase: Buffer.from(passphrase).toString('utf8'), salt: salt.slice(), logN });
      return Promise.resolve(new Uint8Array(32));
    };
    const [stanza] = await new ScryptRecipient('café', { scrypt: spy, random: () => new Uint8Array(16).fill(7) }).wrapFileKey(new Uint8Array(16));
    expect(SCRYPT_LOG_N_DEFAULT).toBe(18);
    expect(stanza!.args).toEqual(['scrypt', 'BwcHBwcHBwcHBwcHBwcHBw', '18']);
    expect(stanza!.body).toHaveLength(32);
    expect(seen).toEqual([{ passphrase: 'café', salt: new Uint8Array([...text.encode('age-encryption.org/v1/scrypt'), ...new Array<number>(16).fill(7)]), logN: 18 }]);
  });

  it('wipes the passphrase bytes once the KDF has finished', async () => {
    let given: Uint8Array | undefined;
    const spy = (passphrase: Uint8Array): Promise<Uint8Array> => {
      given = passphrase;
      return Promise.resolve(new Uint8Array(32));
    };
    await new ScryptRecipient('secret words', { scrypt: spy, random: nodeRandom, logN: 10 }).wrapFileKey(new Uint8Array(16));
    expect(given?.every((b) => b === 0)).toBe(true);
  });

  it('returns no match for a wrong passphrase and says so', async () => {
    const identity = new ScryptIdentity('wrong', { scrypt: nodeScrypt });
    await expect(unwrapHeader(text.encode(cctvScryptHeader), identity)).rejects.toThrow(/no identity matched/);
    expect(identity.wrongPassphrase).toBe(true);
  });

  it.each(['9', '14', '23', '64', '1000000', '9'.repeat(400)])(
    'refuses work factor 2^%s outside [15, 22] without calling the KDF',
    async (logN) => {
      const scrypt = countingScrypt();
      const header = headerWithStanza(`-> scrypt rF0/NwblUHHTpgQgRpe5CQ ${logN}`);
      await expect(unwrapHeader(header, new ScryptIdentity('password', { scrypt, minLogN: 15, maxLogN: 22 }))).rejects.toMatchObject({
        code: 'ERR_KDF_PARAMS_OUT_OF_RANGE',
      });
      expect(scrypt.calls).toEqual([]);
    },
  );

  it.each([
    ['leading zero', '-> scrypt rF0/NwblUHHTpgQgRpe5CQ 010'],
    ['sign', '-> scrypt rF0/NwblUHHTpgQgRpe5CQ +10'],
    ['short salt', '-> scrypt rF0/NwblUHHTpgQgRpe5 10'],
    ['non-canonical salt', '-> scrypt rF0/NwblUHHTpgQgRpe5CR 10'],
    ['padded salt', '-> scrypt rF0/NwblUHHTpgQgRpe5CQ== 10'],
    ['extra argument', '-> scrypt rF0/NwblUHHTpgQgRpe5CQ 10 extra'],
    ['missing work factor', '-> scrypt rF0/NwblUHHTpgQgRpe5CQ'],
  ])('refuses a malformed stanza (%s) without calling the KDF', async (_name, line) => {
    const scrypt = countingScrypt();
    await expect(unwrapHeader(headerWithStanza(line), new ScryptIdentity('password', { scrypt }))).rejects.toMatchObject({
      code: 'ERR_AGE_HEADER_INVALID',
    });
    expect(scrypt.calls).toEqual([]);
  });

  it('refuses an scrypt stanza that is not the only stanza', async () => {
    const e = new Encrypter();
    e.addRecipient(new ScryptRecipient('correct horse', { scrypt: nodeScrypt, random: nodeRandom, logN: 10 }));
    e.addRecipient(await identityToRecipient(await generateX25519Identity()));
    const d = new Decrypter();
    d.addIdentity(new ScryptIdentity('correct horse', { scrypt: nodeScrypt }));
    await expect(d.decrypt(await e.encrypt(plaintext))).rejects.toMatchObject({ code: 'ERR_AGE_HEADER_INVALID' });
  });

  it('ignores files without an scrypt stanza (age Identity contract: null, not an error)', async () => {
    const identity = new ScryptIdentity('x', { scrypt: nodeScrypt });
    expect(await identity.unwrapFileKey([])).toBeNull();
    expect(identity.wrongPassphrase).toBe(false);
  });

  it('rejects caller mistakes with RangeError or TypeError', async () => {
    const options = { scrypt: nodeScrypt, random: nodeRandom };
    expect(() => new ScryptRecipient('', options)).toThrow(RangeError);
    expect(() => new ScryptRecipient('x', { ...options, logN: 9 })).toThrow(RangeError);
    expect(() => new ScryptRecipient('x', { ...options, logN: 18.5 })).toThrow(RangeError);
    expect(() => new ScryptIdentity('x', { scrypt: nodeScrypt, minLogN: 23 })).toThrow(RangeError);
    expect(() => new ScryptIdentity('x', { scrypt: nodeScrypt, minLogN: 20, maxLogN: 16 })).toThrow(RangeError);
    const shortKey = new ScryptRecipient('x', { scrypt: () => Promise.resolve(new Uint8Array(16)), random: nodeRandom, logN: 10 });
    await expect(shortKey.wrapFileKey(new Uint8Array(16))).rejects.toThrow(TypeError);
    const shortSalt = new ScryptRecipient('x', { scrypt: nodeScrypt, random: () => new Uint8Array(3), logN: 10 });
    await expect(shortSalt.wrapFileKey(new Uint8Array(16))).rejects.toThrow(TypeError);
  });
});
