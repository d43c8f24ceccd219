/**
 * The vocabulary of one-time passwords (RFC 4226, RFC 6238, Steam Guard), shared by the
 * generators, the otpauth URI codec and the vault model.
 *
 * @module
 */

/** HMAC hash functions allowed by RFC 6238 §1.2 and the Key Uri Format. */
export type HashAlgorithm = 'SHA1' | 'SHA256' | 'SHA512';

/** Every algorithm we accept, in canonical spelling. */
export const HASH_ALGORITHMS: readonly HashAlgorithm[] = ['SHA1', 'SHA256', 'SHA512'];

/**
 * A synchronous HMAC: `(algorithm, key, message) → MAC`. The core ships a pure-JS default
 * (`@noble/hashes`); apps on Node pass one backed by `node:crypto` for native speed. Kept
 * synchronous on purpose: WebCrypto's async `sign` is ~5× slower per code and would force every
 * caller to be async for no security gain.
 */
export type HmacFunction = (algorithm: HashAlgorithm, key: Uint8Array, message: Uint8Array) => Uint8Array;

/** The OTP kinds an `otp` account can hold. */
export type OtpType = 'totp' | 'hotp' | 'steam';

/** Time-based (RFC 6238). */
export interface TotpParameters {
  readonly type: 'totp';
  /** Canonical base32: upper case, unpadded. */
  readonly secret: string;
  readonly algorithm: HashAlgorithm;
  /** 6 to 10. */
  readonly digits: number;
  /** Seconds per step, ≥ 1. */
  readonly period: number;
}

/** Counter-based (RFC 4226). */
export interface HotpParameters {
  readonly type: 'hotp';
  readonly secret: string;
  readonly algorithm: HashAlgorithm;
  readonly digits: number;
  /** The counter the *next* code is computed from (a safe integer ≥ 0). */
  readonly counter: number;
}

/** Steam Guard: TOTP with HMAC-SHA1, a 30 s step and 5 characters from Steam's alphabet. */
export interface SteamParameters {
  readonly type: 'steam';
  readonly secret: string;
  readonly period: number;
}

/** Everything needed to compute codes for one account. */
export type OtpParameters = TotpParameters | HotpParameters | SteamParameters;
