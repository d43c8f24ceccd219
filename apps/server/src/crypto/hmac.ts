/**
 * The server's HMAC: `node:crypto` (OpenSSL) for the core's OTP functions and for keyed hashes
 * of short secrets. The one place in the server that computes an HMAC.
 *
 * @module
 */
import { createHmac, hkdfSync } from 'node:crypto';
import type { HashAlgorithm, HmacFunction } from '@tessera/core';

// Only our three names reach OpenSSL; its wider menu (md5, sha3…) must not leak in.
const OPENSSL_NAMES: Readonly<Record<HashAlgorithm, string>> = { SHA1: 'sha1', SHA256: 'sha256', SHA512: 'sha512' };

/**
 * HMAC-SHA1/256/512 backed by `node:crypto`, in the shape `@tessera/core` expects.
 *
 * @example
 * ```ts
 * generateTotp({ secret, timestamp: ctx.now() }, nodeHmac);
 * ```
 * @throws {TypeError} for an algorithm outside {@link HashAlgorithm}.
 */
export const nodeHmac: HmacFunction = (algorithm, key, message) => {
  const name = OPENSSL_NAMES[algorithm] as string | undefined;
  if (name === undefined) throw new TypeError(`unsupported HMAC algorithm: ${algorithm as string}`);
  return createHmac(name, key).update(message).digest();
};

/**
 * A 32-byte subkey of `key` for one purpose (HKDF-SHA256), so one stored key never serves two
 * uses directly.
 *
 * @example
 * ```ts
 * const codeKey = deriveKey(ctx.sealKey, 'tessera one-time codes');
 * ```
 */
export function deriveKey(key: Uint8Array, purpose: string): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', key, new Uint8Array(0), purpose, 32));
}

/**
 * Keyed hash (HMAC-SHA256, hex unless `encoding` says otherwise) of a short secret: unlike a
 * plain hash, a copy of the database cannot be searched for a six-digit code without the key.
 *
 * @example
 * ```ts
 * const stored = keyedHash(codeKey, `${codeId}:${code}`);
 * ```
 */
export function keyedHash(key: Uint8Array, value: string, encoding: 'hex' | 'base64url' = 'hex'): string {
  return createHmac('sha256', key).update(value, 'utf8').digest(encoding);
}
