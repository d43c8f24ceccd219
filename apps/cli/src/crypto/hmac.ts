/**
 * The CLI's HMAC: `node:crypto` (OpenSSL), several times faster than the core's pure-JS default.
 * This is the only place in the CLI that computes an HMAC; everything else passes `nodeHmac` to
 * the core's OTP functions.
 *
 * @module
 */
import { createHmac } from 'node:crypto';
import type { HashAlgorithm, HmacFunction } from '@tessera/core';

const OPENSSL_NAMES: Readonly<Record<HashAlgorithm, string>> = { SHA1: 'sha1', SHA256: 'sha256', SHA512: 'sha512' };

/**
 * HMAC-SHA1/256/512 backed by `node:crypto`.
 *
 * @example
 * ```ts
 * import { generateTotp } from '@tessera/core';
 * generateTotp({ secret, timestamp: Date.now() }, nodeHmac);
 * ```
 * @throws {TypeError} for an algorithm outside {@link HashAlgorithm}.
 */
export const nodeHmac: HmacFunction = (algorithm, key, message) => {
  // Only our three names reach OpenSSL; its wider menu (md5, sha3…) must not leak in.
  const name = Object.hasOwn(OPENSSL_NAMES, algorithm) ? OPENSSL_NAMES[algorithm] : undefined;
  if (name === undefined) {
    throw new TypeError(`Unsupported HMAC algorithm: ${algorithm as string}`);
  }
  return createHmac(name, key).update(message).digest();
};
