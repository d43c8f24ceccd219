/**
 * The core's one home for `@noble/hashes` (CONVENTIONS §3.13): a pure-JS, synchronous HMAC over
 * SHA-1/256/512 that works in every runtime. Apps with a native HMAC (`node:crypto`) pass their
 * own {@link HmacFunction} instead; this default exists so the core needs no environment at all.
 *
 * @module
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import type { HashAlgorithm, HmacFunction } from '../otp/types.js';

const HASHES = { SHA1: sha1, SHA256: sha256, SHA512: sha512 } as const satisfies Record<HashAlgorithm, unknown>;

/**
 * HMAC-SHA1/256/512 from `@noble/hashes` (audited, pure JS). The default of every OTP function.
 *
 * @example
 * ```ts
 * const key = new TextEncoder().encode('12345678901234567890');
 * nobleHmac('SHA1', key, new Uint8Array(8)); // cc93cf18…e4b0, RFC 4226 Appendix D count 0
 * ```
 * @throws {TypeError} for an algorithm outside {@link HashAlgorithm} (callers validate first).
 */
export const nobleHmac: HmacFunction = (algorithm, key, message) => {
  // The lookup is guarded because JS callers can pass any string despite the type.
  const hash = Object.hasOwn(HASHES, algorithm) ? HASHES[algorithm] : undefined;
  if (hash === undefined) {
    throw new TypeError(`Unsupported HMAC algorithm: ${algorithm as string}`);
  }
  return hmac(hash, key, message);
};
