/**
 * Node implementations of the injected primitives, for tests: native scrypt (with a call
 * counter, so tests can prove the KDF never ran) and the CSPRNG.
 *
 * @module
 */
import { randomBytes, scrypt } from 'node:crypto';
import type { RandomSource, ScryptFunction } from '../index.js';

/** Native scrypt, r = 8, p = 1, dkLen = 32. */
export const nodeScrypt: ScryptFunction = (passphrase, salt, logN) =>
  new Promise((resolve, reject) => {
    const N = 2 ** logN;
    scrypt(passphrase, salt, 32, { N, r: 8, p: 1, maxmem: 128 * 8 * N + 1024 * 1024 }, (error, key) => {
      if (error === null) resolve(new Uint8Array(key));
      else reject(error);
    });
  });

/** The CSPRNG. */
export const nodeRandom: RandomSource = (n) => new Uint8Array(randomBytes(n));

/** {@link nodeScrypt} that counts its calls. */
export function countingScrypt(): ScryptFunction & { calls: number[] } {
  const calls: number[] = [];
  const fn = (passphrase: Uint8Array, salt: Uint8Array, logN: number): Promise<Uint8Array> => {
    calls.push(logN);
    return nodeScrypt(passphrase, salt, logN);
  };
  return Object.assign(fn, { calls });
}

/** A random source that returns `first` (each call consumes one), then real random bytes. */
export function scriptedRandom(...first: Uint8Array[]): RandomSource {
  return (n) => {
    const next = first.shift();
    return next ?? nodeRandom(n);
  };
}
