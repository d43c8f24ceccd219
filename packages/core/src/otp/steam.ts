/**
 * Steam Guard codes: TOTP with HMAC-SHA1 and a 30 s step, whose 31-bit truncated value is
 * written as five characters of Steam's 26-letter alphabet, least-significant first (Aegis
 * `OTP.java`, KeePassXC `totp.cpp`). Composes {@link truncate} rather than copying it.
 *
 * @module
 */
import { nobleHmac } from '../internal/hmac.js';
import { counterBytes } from './hotp.js';
import { checkSecretBytes } from './limits.js';
import { counterAt } from './totp.js';
import { truncate } from './truncate.js';
import type { HmacFunction } from './types.js';

/** Steam's alphabet: digits and upper-case letters without 0, 1 and the letters A, E, I, L, O, S, U, Z. */
export const STEAM_ALPHABET = '23456789BCDFGHJKMNPQRTVWXY';

/** Inputs of {@link generateSteam}. */
export interface SteamOptions {
  readonly secret: Uint8Array;
  /** Unix time in milliseconds. */
  readonly timestamp: number;
  /** Seconds per step, default 30 (Steam itself never uses another). */
  readonly period?: number;
}

/**
 * Encodes a 31-bit truncated value as a 5-character Steam code, least-significant character first.
 *
 * @example
 * ```ts
 * steamCode(0); // '22222'
 * ```
 * @throws {RangeError} unless `value31` is an integer from 0 to 2^31 − 1.
 */
export function steamCode(value31: number): string {
  if (!Number.isInteger(value31) || value31 < 0 || value31 > 0x7fff_ffff) {
    throw new RangeError(`A truncated value is an integer from 0 to 2^31 - 1, got ${value31}.`);
  }
  let rest = value31;
  let code = '';
  for (let i = 0; i < 5; i++) {
    code += STEAM_ALPHABET.charAt(rest % 26);
    rest = Math.floor(rest / 26);
  }
  return code;
}

/**
 * Computes the Steam Guard code at a moment.
 *
 * @example
 * ```ts
 * const secret = new TextEncoder().encode('1234567890abcdefghij');
 * generateSteam({ secret, timestamp: 1_469_184_207_000 }); // 'P2QJN'
 * ```
 * @param hmac - the HMAC to use; defaults to the pure-JS {@link nobleHmac}.
 * @throws {CoreError} `ERR_SECRET_INVALID` for an empty secret; `ERR_OTP_PARAMS_INVALID` for a bad period.
 * @throws {RangeError} for a non-finite or negative timestamp.
 */
export function generateSteam(options: SteamOptions, hmac: HmacFunction = nobleHmac): string {
  const { secret, timestamp, period = 30 } = options;
  return steamAtCounter(secret, counterAt(timestamp, period), hmac);
}

/**
 * The Steam code for a given time step; {@link generateSteam} and `codeFor` share it.
 *
 * @throws {CoreError} `ERR_SECRET_INVALID` for an empty secret.
 */
export function steamAtCounter(secret: Uint8Array, counter: number, hmac: HmacFunction): string {
  checkSecretBytes(secret);
  return steamCode(truncate(hmac('SHA1', secret, counterBytes(counter))));
}
