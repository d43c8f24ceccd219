import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CoreError } from '../errors.js';
import { counterBytes, generateHotp } from './hotp.js';
import { referenceHotp } from './test-support/reference.js';
import { hexBytes, loadVectors, secretOf, type SecretSpelling } from './test-support/vectors.js';
import type { HashAlgorithm, HmacFunction } from './types.js';

interface HotpVectors {
  readonly appendixD: { secretHex: string; rows: readonly { counter: number; hotp: string }[] };
  readonly extraDigits: { secretHex: string; rows: readonly { counter: number; digits: number; hotp: string }[] };
  readonly accounts: { rows: readonly (SecretSpelling & { name: string; algorithm: HashAlgorithm; digits: number; counter: number; hotp: string })[] };
}
const vectors = loadVectors('rfc4226-hotp.json') as HotpVectors;
const rfcSecret = hexBytes(vectors.appendixD.secretHex);
const nodeHmac: HmacFunction = (algorithm, key, message) => createHmac(algorithm, key).update(message).digest();
const runs = process.env['SLOW'] ? 5000 : 200;
const algorithms = fc.constantFrom<HashAlgorithm>('SHA1', 'SHA256', 'SHA512');

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof CoreError ? error.code : `not a CoreError: ${String(error)}`;
  }
  return undefined;
}

describe('RFC 4226 Appendix D (HOTP test values)', () => {
  it.each(vectors.appendixD.rows)('count $counter → $hotp', ({ counter, hotp }) => {
    expect(generateHotp({ secret: rfcSecret, counter })).toBe(hotp);
    expect(generateHotp({ secret: rfcSecret, counter: BigInt(counter) }, nodeHmac)).toBe(hotp);
  });

  it.each(vectors.extraDigits.rows)('count $counter with $digits digits → $hotp', ({ counter, digits, hotp }) => {
    expect(generateHotp({ secret: hexBytes(vectors.extraDigits.secretHex), counter, digits })).toBe(hotp);
  });

  it.each(vectors.accounts.rows)('shared test account $name, counter $counter → $hotp', (row) => {
    const { algorithm, digits, counter } = row;
    expect(generateHotp({ secret: secretOf(row), counter, algorithm, digits })).toBe(row.hotp);
  });
});

describe('RFC 4226 §5.2 8-byte counter', () => {
  it('writes number and bigint counters identically, big-endian', () => {
    for (const value of [0, 1, 0xff, 0xffff_ffff, 0x1_0000_0000, Number.MAX_SAFE_INTEGER]) {
      const fromBigint = new DataView(new ArrayBuffer(8));
      fromBigint.setBigUint64(0, BigInt(value));
      expect(counterBytes(value)).toEqual(new Uint8Array(fromBigint.buffer));
      expect(counterBytes(BigInt(value))).toEqual(new Uint8Array(fromBigint.buffer));
    }
  });

  it('accepts the full 64-bit range as bigint', () => {
    expect(counterBytes(2n ** 64n - 1n)).toEqual(new Uint8Array(8).fill(0xff));
    const top = 2n ** 64n - 1n;
    expect(generateHotp({ secret: rfcSecret, counter: top, digits: 8 })).toBe(referenceHotp(rfcSecret, top, 'SHA1', 8));
  });

  it('agrees with the reference for random 64-bit counters, above and below 2^53', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), algorithms, (counter, algorithm) => {
        const expected = referenceHotp(rfcSecret, counter, algorithm, 6);
        expect(generateHotp({ secret: rfcSecret, counter, algorithm })).toBe(expected);
        if (counter <= BigInt(Number.MAX_SAFE_INTEGER)) {
          expect(generateHotp({ secret: rfcSecret, counter: Number(counter), algorithm }, nodeHmac)).toBe(expected);
        }
      }),
      { numRuns: runs },
    );
  });
});

describe('HOTP against a node:crypto reference (property)', () => {
  it('matches for random secrets, algorithms, digits and counters', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 80 }),
        fc.maxSafeNat(),
        algorithms,
        fc.integer({ min: 6, max: 10 }),
        (secret, counter, algorithm, digits) => {
          const code = generateHotp({ secret, counter, algorithm, digits });
          expect(code).toHaveLength(digits);
          expect(code).toBe(referenceHotp(secret, BigInt(counter), algorithm, digits));
        },
      ),
      { numRuns: runs },
    );
  });

  it('pads 10-digit codes: the 31-bit value never reaches 10 digits', () => {
    const code = generateHotp({ secret: rfcSecret, counter: 0, digits: 10 });
    expect(code).toBe('1284755224'.padStart(10, '0'));
    expect(generateHotp({ secret: rfcSecret, counter: 7, digits: 10 })).toBe('0082162583');
  });
});

describe('HOTP parameter checks', () => {
  const secret = rfcSecret;
  it.each([
    ['negative counter', { secret, counter: -1 }],
    ['fractional counter', { secret, counter: 1.5 }],
    ['unsafe integer counter', { secret, counter: 2 ** 53 }],
    ['NaN counter', { secret, counter: Number.NaN }],
    ['negative bigint counter', { secret, counter: -1n }],
    ['counter above 2^64 - 1', { secret, counter: 2n ** 64n }],
    ['5 digits', { secret, counter: 0, digits: 5 }],
    ['11 digits', { secret, counter: 0, digits: 11 }],
    ['fractional digits', { secret, counter: 0, digits: 6.5 }],
    ['unknown algorithm', { secret, counter: 0, algorithm: 'MD5' as HashAlgorithm }],
    ['lower-case algorithm', { secret, counter: 0, algorithm: 'sha1' as HashAlgorithm }],
  ])('rejects %s with ERR_OTP_PARAMS_INVALID', (_, options) => {
    expect(codeOf(() => generateHotp(options))).toBe('ERR_OTP_PARAMS_INVALID');
  });

  it('rejects an empty or oversized secret with ERR_SECRET_INVALID', () => {
    expect(codeOf(() => generateHotp({ secret: new Uint8Array(0), counter: 0 }))).toBe('ERR_SECRET_INVALID');
    expect(codeOf(() => generateHotp({ secret: new Uint8Array(1025), counter: 0 }))).toBe('ERR_SECRET_INVALID');
  });

  it('treats a secret that is not bytes as a caller mistake', () => {
    expect(() => generateHotp({ secret: 'GEZDGNBV' as unknown as Uint8Array, counter: 0 })).toThrow(TypeError);
  });
});
