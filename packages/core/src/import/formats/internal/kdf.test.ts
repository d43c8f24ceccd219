import { describe, expect, it } from 'vitest';
import { CoreError } from '../../../errors.js';
import { invalidFile } from '../../internal/fail.js';
import { defaultImportKdfs } from '../../kdf-defaults.js';
import { argon2idKey, checkArgon2id, checkPbkdf2, checkScrypt, IMPORT_KDF_LIMITS, pbkdf2Key, scryptKey } from './kdf.js';

const fail = invalidFile('test file');

function code(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    if (error instanceof CoreError) return error.code;
    throw error;
  }
}

describe('KDF parameter bounds (security.md S3: a ceiling, checked before any allocation)', () => {
  it('scrypt: N a power of two up to 2^20, r ≤ 32, p ≤ 16, memory ≤ 1 GiB, work ≤ 2^25', () => {
    expect(code(() => { checkScrypt({ N: 2 ** 15, r: 8, p: 1 }, fail); })).toBeUndefined();
    expect(code(() => { checkScrypt({ N: 2 ** 20, r: 8, p: 4 }, fail); })).toBeUndefined();
    for (const bad of [{ N: 2 ** 21, r: 1, p: 1 }, { N: 3, r: 8, p: 1 }, { N: 1, r: 8, p: 1 }, { N: 2 ** 20, r: 9, p: 1 }, { N: 2 ** 20, r: 8, p: 5 }, { N: 16, r: 0, p: 1 }, { N: 16, r: 8, p: 17 }]) {
      expect(code(() => { checkScrypt(bad, fail); })).toBe('ERR_IMPORT_INVALID');
    }
  });

  it('PBKDF2: 1 to 10 000 000 iterations', () => {
    expect(code(() => { checkPbkdf2(IMPORT_KDF_LIMITS.pbkdf2MaxIterations, fail); })).toBeUndefined();
    expect(code(() => { checkPbkdf2(10_000_001, fail); })).toBe('ERR_IMPORT_INVALID');
    expect(code(() => { checkPbkdf2(0, fail); })).toBe('ERR_IMPORT_INVALID');
    expect(code(() => { checkPbkdf2(1.5, fail); })).toBe('ERR_IMPORT_INVALID');
  });

  it('Argon2id: m from 8p KiB to 1 GiB, t ≤ 1024, p ≤ 16, m·t ≤ 1 GiB × 4', () => {
    expect(code(() => { checkArgon2id({ m: 1024 ** 2, t: 4, p: 1 }, fail); })).toBeUndefined();
    expect(code(() => { checkArgon2id({ m: 4 * 1024, t: 1024, p: 1 }, fail); })).toBeUndefined();
    for (const bad of [{ m: 1024 ** 2 + 1, t: 1, p: 1 }, { m: 1024 ** 2, t: 5, p: 1 }, { m: 7, t: 1, p: 1 }, { m: 31, t: 1, p: 4 }, { m: 64, t: 0, p: 1 }, { m: 64, t: 1025, p: 1 }, { m: 1024, t: 1, p: 17 }]) {
      expect(code(() => { checkArgon2id(bad, fail); })).toBe('ERR_IMPORT_INVALID');
    }
  });

  it('the message says the parameters are out of range', () => {
    expect(() => { checkPbkdf2(2 ** 31, fail); }).toThrow(/key derivation parameters are out of range/);
  });
});

describe('derivation through the injected KDFs', () => {
  const password = 'pässword';
  const salt = new Uint8Array(16).fill(7);

  it('passes UTF-8 password bytes and the bounded parameters, and checks the output length', async () => {
    const seen: unknown[] = [];
    const kdfs = {
      ...defaultImportKdfs,
      pbkdf2: (hash: string, pw: Uint8Array, s: Uint8Array, n: number, dkLen: number) => (seen.push([hash, Buffer.from(pw).toString(), s.length, n, dkLen]), Promise.resolve(new Uint8Array(dkLen))),
    };
    await pbkdf2Key(kdfs, 'SHA-256', password, salt, 1000, fail);
    expect(seen).toEqual([['SHA-256', 'pässword', 16, 1000, 32]]);
    const short = { ...defaultImportKdfs, argon2id: () => Promise.resolve(new Uint8Array(16)) };
    await expect(argon2idKey(short, password, salt, { m: 64, t: 1, p: 1 }, fail)).rejects.toThrow(TypeError);
  });

  it('the defaults agree with Node’s scrypt and PBKDF2 (OpenSSL)', async () => {
    const { pbkdf2Sync, scryptSync } = await import('node:crypto');
    const pw = Buffer.from(password);
    expect(Buffer.from(await scryptKey(defaultImportKdfs, password, salt, { N: 1024, r: 8, p: 2 }, fail))).toEqual(scryptSync(pw, salt, 32, { N: 1024, r: 8, p: 2 }));
    for (const [hash, node] of [['SHA-1', 'sha1'], ['SHA-256', 'sha256']] as const) {
      expect(Buffer.from(await pbkdf2Key(defaultImportKdfs, hash, password, salt, 500, fail))).toEqual(pbkdf2Sync(pw, salt, 500, 32, node));
    }
    expect(Buffer.from(await defaultImportKdfs.pbkdf2('SHA-512', pw, salt, 10, 64))).toEqual(pbkdf2Sync(pw, salt, 10, 64, 'sha512'));
  });
});
