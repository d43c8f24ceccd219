/**
 * Test helpers for the vault: a deterministic random source, a context built on it, a deep
 * freeze so tests prove that operations never mutate their inputs, and the code of the error a
 * call throws.
 *
 * @module
 */
import { CoreError } from '../../errors.js';
import type { CreationContext } from '../types.js';

/** A reproducible byte source (xorshift32); never use it for anything but tests. */
export function seededRandom(seed = 1): (n: number) => Uint8Array {
  let state = seed >>> 0 || 1;
  return (n) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      state >>>= 0;
      out[i] = state & 0xff;
    }
    return out;
  };
}

/** A context at `now` with a fresh seeded random source. */
export function testContext(now = 1_700_000_000_000, seed = 1): CreationContext {
  return { now, random: seededRandom(seed) };
}

/** Freezes `value` and everything reachable from it, then returns it. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Reflect.ownKeys(value)) {
      deepFreeze((value as Record<PropertyKey, unknown>)[key]);
    }
  }
  return value;
}

/** The code of the {@link CoreError} `run` throws; `undefined` when it returns; a marker for any other error. */
export function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof CoreError ? error.code : `not a CoreError: ${String(error)}`;
  }
  return undefined;
}

/** TOTP parameters with the Key Uri Format defaults. */
export function totp(secret = 'JBSWY3DPEHPK3PXP'): { type: 'totp'; secret: string; algorithm: 'SHA1'; digits: number; period: number } {
  return { type: 'totp', secret, algorithm: 'SHA1', digits: 6, period: 30 };
}

/** Property-test sizing: small by default, large with `SLOW=1` (which also needs more time). */
export const PROPERTY: { readonly runs: (fast: number, slow: number) => number; readonly timeout: number } = {
  runs: (fast, slow) => (process.env['SLOW'] ? slow : fast),
  timeout: process.env['SLOW'] ? 600_000 : 20_000,
};
