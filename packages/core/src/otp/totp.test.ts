import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCoreError } from '../errors.js';
import { generateHotp } from './hotp.js';
import { referenceTotp } from './test-support/reference.js';
import { hexBytes, loadVectors, secretOf, type SecretSpelling } from './test-support/vectors.js';
import { counterAt, generateTotp, secondsRemaining } from './totp.js';
import type { HashAlgorithm, HmacFunction } from './types.js';

interface TotpVectors {
  readonly appendixB: {
    digits: number;
    period: number;
    seeds: Record<HashAlgorithm, { hex: string }>;
    rows: readonly { time: number; stepHex: string; algorithm: HashAlgorithm; totp: string }[];
  };
  readonly accounts: {
    rows: readonly (SecretSpelling & { name: string; algorithm: HashAlgorithm; digits: number; period: number; time: number; totp: string })[];
  };
}
const { appendixB, accounts } = loadVectors('rfc6238-totp.json') as TotpVectors;
const nodeHmac: HmacFunction = (algorithm, key, message) => createHmac(algorithm, key).update(message).digest();
const runs = process.env['SLOW'] ? 5000 : 200;
const algorithms = fc.constantFrom<HashAlgorithm>('SHA1', 'SHA256', 'SHA512');

describe('RFC 6238 Appendix B (TOTP test vectors, per-hash seeds of errata 2866)', () => {
  it('has all 18 rows', () => {
    expect(appendixB.rows).toHaveLength(18);
  });

  it.each(appendixB.rows)('$algorithm at $time s → $totp (T = $stepHex)', ({ time, stepHex, algorithm, totp }) => {
    const secret = hexBytes(appendixB.seeds[algorithm].hex);
    const timestamp = time * 1000;
    const { digits, period } = appendixB;
    expect(counterAt(timestamp, period)).toBe(Number.parseInt(stepHex, 16));
    expect(generateTotp({ secret, timestamp, algorithm, digits, period })).toBe(totp);
    expect(generateTotp({ secret, timestamp, algorithm, digits, period }, nodeHmac)).toBe(totp);
  });
});

describe('TOTP of the shared test accounts', () => {
  it.each(accounts.rows)('$name at $time s → $totp', (row) => {
    const { algorithm, digits, period } = row;
    expect(generateTotp({ secret: secretOf(row), timestamp: row.time * 1000, algorithm, digits, period })).toBe(row.totp);
  });
});

describe('RFC 6238 §4.2 time step T = floor((t − T0) / X)', () => {
  it('floors within a step and changes exactly at the boundary', () => {
    expect(counterAt(0)).toBe(0);
    expect(counterAt(29_999)).toBe(0);
    expect(counterAt(30_000)).toBe(1);
    expect(counterAt(59_999.9)).toBe(1);
  });

  it('goes past 2^32 steps (period 1 s, t = 2^33 s)', () => {
    expect(counterAt(2 ** 33 * 1000, 1)).toBe(2 ** 33);
    const secret = hexBytes(appendixB.seeds.SHA1.hex);
    expect(generateTotp({ secret, timestamp: 2 ** 33 * 1000, period: 1, digits: 8 })).toBe(
      referenceTotp(secret, 2 ** 33 * 1000, 1, 'SHA1', 8),
    );
  });

  it('honours T0', () => {
    expect(counterAt(100_000, 30, 40)).toBe(2);
    expect(() => counterAt(39_999, 30, 40)).toThrow(RangeError);
  });

  it('treats bad timestamps as caller mistakes and bad periods as bad data', () => {
    expect(() => counterAt(Number.NaN)).toThrow(RangeError);
    expect(() => counterAt(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => counterAt(-1)).toThrow(RangeError);
    expect(() => counterAt(0, 30, 0.5)).toThrow(RangeError);
    for (const period of [0, -30, 1.5, 86_401, Number.NaN]) {
      let caught: unknown;
      try {
        counterAt(0, period);
      } catch (error) {
        caught = error;
      }
      expect(isCoreError(caught, 'ERR_OTP_PARAMS_INVALID')).toBe(true);
    }
  });

  it('TOTP at t is HOTP at counterAt(t), and T is constant over [T·X, (T+1)·X)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 64 }),
        fc.integer({ min: 0, max: 2 ** 45 }),
        fc.integer({ min: 1, max: 86_400 }),
        algorithms,
        (secret, timestamp, period, algorithm) => {
          const counter = counterAt(timestamp, period);
          const start = counter * period * 1000;
          expect(start).toBeLessThanOrEqual(timestamp);
          expect(timestamp).toBeLessThan(start + period * 1000);
          expect(counterAt(start, period)).toBe(counter);
          expect(counterAt(start + period * 1000 - 1, period)).toBe(counter);
          expect(generateTotp({ secret, timestamp, period, algorithm })).toBe(generateHotp({ secret, counter, algorithm }));
        },
      ),
      { numRuns: runs },
    );
  });
});

describe('TOTP against a node:crypto reference (property)', () => {
  it('matches for random secrets, times (up to year ~3000 and past 2^32 steps), periods, algorithms and digits', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 80 }),
        fc.integer({ min: 0, max: 32_503_680_000_000 }),
        fc.constantFrom(1, 10, 30, 60, 86_400),
        algorithms,
        fc.integer({ min: 6, max: 10 }),
        (secret, timestamp, period, algorithm, digits) => {
          const expected = referenceTotp(secret, timestamp, period, algorithm, digits);
          expect(generateTotp({ secret, timestamp, period, algorithm, digits })).toBe(expected);
          expect(generateTotp({ secret, timestamp, period, algorithm, digits }, nodeHmac)).toBe(expected);
        },
      ),
      { numRuns: runs },
    );
  });
});

describe('secondsRemaining', () => {
  it('counts down from the period to 1, rounding up', () => {
    expect(secondsRemaining(60_000)).toBe(30);
    expect(secondsRemaining(60_001)).toBe(30);
    expect(secondsRemaining(61_000)).toBe(29);
    expect(secondsRemaining(89_999)).toBe(1);
    expect(secondsRemaining(59_000, 60)).toBe(1);
    expect(secondsRemaining(2 ** 33 * 1000 + 400, 1)).toBe(1);
  });

  it('agrees with counterAt: the code changes exactly when the countdown runs out', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 45 }), fc.integer({ min: 1, max: 3600 }), (timestamp, period) => {
        const remaining = secondsRemaining(timestamp, period);
        expect(remaining).toBeGreaterThanOrEqual(1);
        expect(remaining).toBeLessThanOrEqual(period);
        const nextStart = (counterAt(timestamp, period) + 1) * period * 1000;
        expect(Math.ceil((nextStart - timestamp) / 1000)).toBe(remaining);
      }),
      { numRuns: runs },
    );
  });
});
