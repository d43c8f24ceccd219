/**
 * HOTP, RFC 4226: `Truncate(HMAC(K, C)) mod 10^digits` over an 8-byte big-endian counter.
 * This is the hot path of every code Tessera shows, so a `number` counter is written as two
 * 32-bit words without touching BigInt; a `bigint` is accepted for the full 64-bit range.
 *
 * @module
 */
import { CoreError } from '../errors.js';
import { nobleHmac } from '../internal/hmac.js';
import { COUNTER_MAX, checkAlgorithm, checkDigits, checkSecretBytes } from './limits.js';
import { truncate } from './truncate.js';
import type { HashAlgorithm, HmacFunction } from './types.js';

const TWO_POW_32 = 0x1_0000_0000;
const POWERS_OF_TEN: readonly number[] = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10];

/** Inputs of {@link generateHotp}. */
export interface HotpOptions {
  readonly secret: Uint8Array;
  /** 0 to 2^64 − 1; a `number` must be a safe integer. */
  readonly counter: number | bigint;
  /** Default `SHA1`. */
  readonly algorithm?: HashAlgorithm;
  /** 6 to 10, default 6. */
  readonly digits?: number;
}

/**
 * The 8-byte big-endian counter message of RFC 4226 §5.2.
 *
 * @throws {CoreError} `ERR_OTP_PARAMS_INVALID` for a negative, fractional or > 64-bit counter.
 */
export function counterBytes(counter: number | bigint): Uint8Array {
  let high: number;
  let low: number;
  if (typeof counter === 'number') {
    if (!Number.isSafeInteger(counter) || counter < 0) {
      throw new CoreError('ERR_OTP_PARAMS_INVALID', `counter must be a safe integer ≥ 0, got ${counter}.`);
    }
    high = Math.floor(counter / TWO_POW_32);
    low = counter >>> 0;
  } else {
    if (typeof counter !== 'bigint' || counter < 0n || counter > COUNTER_MAX) {
      throw new CoreError('ERR_OTP_PARAMS_INVALID', `counter must be from 0 to 2^64 - 1, got ${String(counter)}.`);
    }
    high = Number(counter >> 32n);
    low = Number(counter & 0xffff_ffffn);
  }
  const bytes = new Uint8Array(8);
  bytes[0] = high >>> 24;
  bytes[1] = high >>> 16;
  bytes[2] = high >>> 8;
  bytes[3] = high;
  bytes[4] = low >>> 24;
  bytes[5] = low >>> 16;
  bytes[6] = low >>> 8;
  bytes[7] = low;
  return bytes;
}

/**
 * Formats a truncated value as a code of `digits` decimals, zero-padded on the left. Ten digits
 * exceed the 31-bit range, so there the modulo is a no-op and only the padding matters.
 */
export function decimalCode(value: number, digits: number): string {
  return String(value % (POWERS_OF_TEN[digits] ?? 1)).padStart(digits, '0');
}

/**
 * Computes an RFC 4226 HOTP code.
 *
 * @example
 * ```ts
 * const secret = new TextEncoder().encode('12345678901234567890');
 * generateHotp({ secret, counter: 0 }); // '755224' (RFC 4226 Appendix D)
 * generateHotp({ secret, counter: 2n ** 64n - 1n, digits: 8 }); // '63094451', the last 64-bit counter
 * generateHotp({ secret, counter: 0, algorithm: 'SHA256' }, nodeHmac); // with an app's native HMAC
 * ```
 * @param hmac - the HMAC to use; defaults to the pure-JS {@link nobleHmac}.
 * @throws {CoreError} `ERR_OTP_PARAMS_INVALID` for a bad counter, algorithm or digits;
 *   `ERR_SECRET_INVALID` for an empty or oversized secret.
 */
export function generateHotp(options: HotpOptions, hmac: HmacFunction = nobleHmac): string {
  const { secret, counter, algorithm = 'SHA1', digits = 6 } = options;
  return hotpCode(secret, counter, algorithm, digits, hmac);
}

/**
 * {@link generateHotp} with positional arguments: the shared hot path of HOTP and TOTP, which
 * spares TOTP building a second options object per code.
 *
 * @throws {CoreError} as {@link generateHotp}.
 */
export function hotpCode(
  secret: Uint8Array,
  counter: number | bigint,
  algorithm: HashAlgorithm,
  digits: number,
  hmac: HmacFunction,
): string {
  checkSecretBytes(secret);
  checkAlgorithm(algorithm);
  checkDigits(digits);
  return decimalCode(truncate(hmac(algorithm, secret, counterBytes(counter))), digits);
}
