/**
 * Byte helpers shared inside the package: constant-time equality (CONVENTIONS §3.13: secrets
 * are never compared with an early exit), UTF-8, and hex from the injected random source.
 *
 * @module
 */

/** A source of cryptographically random bytes: `random(n)` returns `n` fresh bytes. */
export type RandomSource = (n: number) => Uint8Array;

/** True when `a` and `b` hold the same bytes; the time taken depends only on the lengths. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

/** `n` random bytes, checked: a random source that returns the wrong length is a caller bug. */
export function randomBytes(random: RandomSource, n: number): Uint8Array {
  const bytes = random(n);
  if (!(bytes instanceof Uint8Array) || bytes.length !== n) {
    throw new TypeError('The random source must return a Uint8Array of the requested length.');
  }
  return bytes;
}

/** `n` random bytes as lower-case hex (`2n` characters). */
export function randomHex(random: RandomSource, n: number): string {
  return Array.from(randomBytes(random, n), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** UTF-8 bytes of `text`. */
export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** `bytes` as UTF-8, or `undefined` when they are not valid UTF-8. */
export function fromUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}
