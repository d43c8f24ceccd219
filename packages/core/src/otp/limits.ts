/**
 * The bounds every OTP parameter must meet, and the checks that enforce them. Parameters reach
 * the core from untrusted places (scanned QR codes, imported backups), so a value outside these
 * bounds is a {@link CoreError} `ERR_OTP_PARAMS_INVALID`, never a crash or a silently wrong code.
 *
 * Why these bounds: RFC 4226 §5.3 requires at least 6 digits, and the 31-bit truncated value has
 * at most 10 decimal digits, so 6–10 covers every meaningful length. A period of 1 s to 1 day
 * covers every authenticator in use (30 s is standard; 60 s and 10 s exist) while rejecting 0,
 * fractions and absurd values that would make a code effectively permanent. A decoded secret of
 * at most 1024 bytes is far above any real one (10–64 bytes) and caps the work an import can cause.
 *
 * @module
 */
import { CoreError } from '../errors.js';
import type { HashAlgorithm } from './types.js';

/** Limits enforced on OTP parameters (inclusive). */
export const OTP_LIMITS: {
  readonly digitsMin: 6;
  readonly digitsMax: 10;
  readonly periodMin: 1;
  readonly periodMax: 86_400;
  readonly secretBytesMax: 1024;
} = Object.freeze({ digitsMin: 6, digitsMax: 10, periodMin: 1, periodMax: 86_400, secretBytesMax: 1024 });

/** 2^64 − 1, the largest counter RFC 4226's 8-byte counter can hold. */
export const COUNTER_MAX = 0xffff_ffff_ffff_ffffn;

function invalid(message: string): CoreError {
  return new CoreError('ERR_OTP_PARAMS_INVALID', message);
}

/** Throws unless `digits` is an integer within {@link OTP_LIMITS}. */
export function checkDigits(digits: unknown): asserts digits is number {
  if (typeof digits !== 'number' || !Number.isInteger(digits) || digits < OTP_LIMITS.digitsMin || digits > OTP_LIMITS.digitsMax) {
    throw invalid(`digits must be an integer from 6 to 10, got ${String(digits)}.`);
  }
}

/** Throws unless `period` is an integer number of seconds within {@link OTP_LIMITS}. */
export function checkPeriod(period: unknown): asserts period is number {
  if (typeof period !== 'number' || !Number.isInteger(period) || period < OTP_LIMITS.periodMin || period > OTP_LIMITS.periodMax) {
    throw invalid(`period must be a whole number of seconds from 1 to 86400, got ${String(period)}.`);
  }
}

/** Throws unless `algorithm` is one of the canonical {@link HashAlgorithm} names. */
export function checkAlgorithm(algorithm: unknown): asserts algorithm is HashAlgorithm {
  if (algorithm !== 'SHA1' && algorithm !== 'SHA256' && algorithm !== 'SHA512') {
    throw invalid(`algorithm must be SHA1, SHA256 or SHA512, got ${String(algorithm)}.`);
  }
}

/** Throws unless `counter` is a safe integer ≥ 0 (the range a vault can store exactly). */
export function checkSafeCounter(counter: unknown): asserts counter is number {
  if (typeof counter !== 'number' || !Number.isSafeInteger(counter) || counter < 0) {
    throw invalid(`counter must be a whole number from 0 to 2^53 - 1, got ${String(counter)}.`);
  }
}

/**
 * Throws unless `secret` holds 1 to {@link OTP_LIMITS}.secretBytesMax bytes.
 *
 * @throws {TypeError} when `secret` is not a `Uint8Array` (a caller mistake, not bad data).
 */
export function checkSecretBytes(secret: unknown): asserts secret is Uint8Array {
  if (!(secret instanceof Uint8Array)) {
    throw new TypeError('secret must be a Uint8Array.');
  }
  if (secret.length === 0) {
    throw new CoreError('ERR_SECRET_INVALID', 'The secret is empty.');
  }
  if (secret.length > OTP_LIMITS.secretBytesMax) {
    throw new CoreError('ERR_SECRET_INVALID', `The secret is longer than ${OTP_LIMITS.secretBytesMax} bytes.`);
  }
}
