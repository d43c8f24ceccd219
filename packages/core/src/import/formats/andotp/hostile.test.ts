import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SHARED_ACCOUNTS } from '../internal/test-support/accounts.js';
import { arbMutations, mutate } from '../../test-support/mutate.js';
import { arbHostileJson, expectCode, expectTypedOutcome, forbiddenKdfs, jsonBytes, runs, utf8 } from '../internal/test-support/hostile.js';
import { importAndOtp } from './import.js';
import { andOtpEntry, encryptAndOtp, encryptAndOtpOld } from './test-support/write-andotp.js';

const CODES = ['ERR_IMPORT_INVALID', 'ERR_IMPORT_PASSWORD_WRONG', 'ERR_IMPORT_PASSWORD_REQUIRED', 'ERR_IMPORT_TOO_LARGE'] as const;
const entries = SHARED_ACCOUNTS.slice(0, 2).map((a) => andOtpEntry(a));

function withIterations(bytes: Uint8Array, iterations: number): Uint8Array {
  const copy = Uint8Array.from(bytes);
  new DataView(copy.buffer).setUint32(0, iterations, false);
  return copy;
}

describe('andOTP: hostile files', () => {
  it.each([
    ['10 000 001', 10_000_001],
    ['2^32 − 1', 2 ** 32 - 1],
    ['0', 0],
  ])('refuses %s PBKDF2 iterations before deriving anything', async (_, iterations) => {
    const bytes = withIterations(encryptAndOtp(entries, 'pw', 100), iterations);
    await expectCode(importAndOtp({ bytes, password: 'pw', kdfs: forbiddenKdfs }), 'ERR_IMPORT_INVALID', /out of range/);
  });

  it('accepts the ceiling of 10 000 000 iterations (the count, not the derivation, is what is bounded)', async () => {
    const bytes = withIterations(encryptAndOtp(entries, 'pw', 100), 10_000_000);
    const seen: number[] = [];
    const kdfs = { ...forbiddenKdfs, pbkdf2: (_h: string, _p: Uint8Array, _s: Uint8Array, n: number) => (seen.push(n), Promise.resolve(new Uint8Array(32))) };
    await expectCode(importAndOtp({ bytes, password: 'pw', kdfs }), 'ERR_IMPORT_PASSWORD_WRONG');
    expect(seen).toEqual([10_000_000]);
  });

  it('refuses truncated files, damaged tags and files too short for either layout', async () => {
    const good = encryptAndOtp(entries, 'pw', 100);
    await expectCode(importAndOtp({ bytes: good.subarray(0, good.length - 1), password: 'pw' }), 'ERR_IMPORT_PASSWORD_WRONG');
    const flipped = Uint8Array.from(good);
    flipped[flipped.length - 1]! ^= 1;
    await expectCode(importAndOtp({ bytes: flipped, password: 'pw' }), 'ERR_IMPORT_PASSWORD_WRONG');
    await expectCode(importAndOtp({ bytes: good.subarray(0, 20), password: 'pw' }), 'ERR_IMPORT_INVALID', /too short/);
    await expectCode(importAndOtp({ bytes: encryptAndOtpOld(entries, 'pw').subarray(0, 27), password: 'pw' }), 'ERR_IMPORT_INVALID');
  });

  it('refuses __proto__ keys and deep nesting in plain and decrypted JSON', async () => {
    await expectCode(importAndOtp({ bytes: utf8('[{"__proto__":{"type":"TOTP"}}]') }), 'ERR_IMPORT_INVALID', /__proto__/);
    const deep = JSON.parse('['.repeat(100) + ']'.repeat(100)) as unknown;
    await expectCode(importAndOtp({ bytes: encryptAndOtpOld([deep], 'pw'), password: 'pw' }), 'ERR_IMPORT_INVALID', /nests deeper/);
    await expectCode(importAndOtp({ bytes: utf8('{"entries":[]}') }), 'ERR_IMPORT_PASSWORD_REQUIRED');
  });

  it('property: mutated plain, new and old backups give a result or a typed error', async () => {
    const files = [jsonBytes(entries), encryptAndOtp(entries, 'pw', 50), encryptAndOtpOld(entries, 'pw')];
    // A mutated count may be millions of iterations: bounded, but too slow for a property run.
    const kdfs = { ...forbiddenKdfs, pbkdf2: () => Promise.resolve(new Uint8Array(32)) };
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(0, 1, 2), arbMutations(), async (which, mutations) => {
        await expectTypedOutcome(() => importAndOtp({ bytes: mutate(files[which]!, mutations), password: 'pw', kdfs }), CODES);
      }),
      { numRuns: runs(60, 2_000) },
    );
  });

  it('property: random bytes and arbitrary JSON give a typed outcome', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 200 }), arbHostileJson, async (bytes, value) => {
        await expectTypedOutcome(() => importAndOtp({ bytes, password: 'pw', kdfs: { ...forbiddenKdfs, pbkdf2: () => Promise.resolve(new Uint8Array(32)) } }), CODES);
        await expectTypedOutcome(() => importAndOtp({ bytes: jsonBytes([value, { ...entries[0], tags: value, type: value }]) }), CODES);
      }),
      { numRuns: runs(100, 3_000) },
    );
  });
});
