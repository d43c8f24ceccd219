/**
 * The CLI's HMAC: `node:crypto` (OpenSSL), several times faster than the core's pure-JS default.
 * This is the only place in the CLI that computes an HMAC; everything else passes `nodeHmac` to
 * the core's OTP functions.
 *
 * @module
 */
import { createHmac } from 'node:crypto';
import type { HashAlgorithm, HmacFunction } from '@tessera/core';

/** OpenSSL's digest name; only our three reach OpenSSL, its wider menu (md5, sha3…) must not leak in. */
function opensslName(algorithm: HashAlgorithm): string {
  switch (algorithm) {
    case 'SHA1':
      return 'sha1';
    case 'SHA256':
      return 'sha256';
    case 'SHA512':
      return 'sha512';
    default:
      throw new TypeError(`Unsupported HMAC algorithm: ${algorithm as string}`);
  }
}

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
export const nodeHmac: HmacFunction = (algorithm, key, message) =>
  createHmac(opensslName(algorithm), key).update(message).digest();
