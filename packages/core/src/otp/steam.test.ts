import { describe, expect, it } from 'vitest';
import { isCoreError } from '../errors.js';
import { generateSteam, STEAM_ALPHABET, steamAtCounter, steamCode } from './steam.js';
import { loadVectors, secretOf, type SecretSpelling } from './test-support/vectors.js';
import { nobleHmac } from '../internal/hmac.js';

interface SteamVectors {
  readonly alphabet: string;
  readonly byTime: { rows: readonly (SecretSpelling & { time: number; code: string })[] };
  readonly byCounter: { rows: readonly (SecretSpelling & { counter: number; code: string })[] };
}
const vectors = loadVectors('steam.json') as SteamVectors;

describe('Steam Guard codes (formats.md §2.3)', () => {
  it('uses the 26-character alphabet of the vectors', () => {
    expect(STEAM_ALPHABET).toBe(vectors.alphabet);
    expect(new Set(STEAM_ALPHABET).size).toBe(26);
  });

  it.each(vectors.byTime.rows)('at $time s → $code', (row) => {
    expect(generateSteam({ secret: secretOf(row), timestamp: row.time * 1000 })).toBe(row.code);
  });

  it.each(vectors.byCounter.rows)('at step $counter → $code', (row) => {
    expect(steamAtCounter(secretOf(row), row.counter, nobleHmac)).toBe(row.code);
    expect(generateSteam({ secret: secretOf(row), timestamp: row.counter * 30_000 })).toBe(row.code);
  });
});

describe('steamCode', () => {
  it('writes the least-significant character first', () => {
    expect(steamCode(0)).toBe('22222');
    expect(steamCode(1)).toBe('32222');
    expect(steamCode(26)).toBe('23222');
    expect(steamCode(26 ** 5 - 1)).toBe('YYYYY');
  });

  it('keeps only the value modulo 26^5, like the reverse encoder of KeePassXC', () => {
    expect(steamCode(26 ** 5 + 27)).toBe(steamCode(27));
    expect(steamCode(0x7fffffff)).toBe(steamCode(0x7fffffff % 26 ** 5));
  });

  it('rejects values outside the 31-bit range', () => {
    for (const value of [-1, 2 ** 31, 1.5, Number.NaN]) {
      expect(() => steamCode(value)).toThrow(RangeError);
    }
  });

  it('rejects an empty secret with ERR_SECRET_INVALID', () => {
    let caught: unknown;
    try {
      generateSteam({ secret: new Uint8Array(0), timestamp: 0 });
    } catch (error) {
      caught = error;
    }
    expect(isCoreError(caught, 'ERR_SECRET_INVALID')).toBe(true);
  });
});
