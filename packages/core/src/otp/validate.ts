/**
 * Validation of OTP parameters that arrive from untrusted places (otpauth URIs, imported
 * backups, vault files). One function, so the URI parser, the importers and the vault all accept
 * and reject exactly the same things. Absent optional fields take the Key Uri Format defaults
 * (SHA1, 6 digits, 30 s); an HOTP counter has no default because the format requires it.
 * The bounds themselves are `OTP_LIMITS`.
 *
 * @module
 */
import { decodeBase32, normalizeBase32 } from '../encoding/base32.js';
import { CoreError } from '../errors.js';
import { checkAlgorithm, checkDigits, checkPeriod, checkSafeCounter, checkSecretBytes } from './limits.js';
import type { HashAlgorithm, OtpParameters } from './types.js';

function invalid(message: string): CoreError {
  return new CoreError('ERR_OTP_PARAMS_INVALID', message);
}

/** Canonical base32 (separators and padding removed, upper case) after proving it decodes. */
function canonicalSecret(value: unknown): string {
  if (typeof value !== 'string') {
    throw new CoreError('ERR_SECRET_INVALID', 'The secret must be base32 text.');
  }
  const canonical = normalizeBase32(value).toUpperCase();
  checkSecretBytes(decodeBase32(canonical));
  return canonical;
}

function algorithmOf(value: unknown): HashAlgorithm {
  // Case is not significant in the Key Uri Format (`algorithm=sha256` occurs in the wild).
  const algorithm = value === undefined ? 'SHA1' : typeof value === 'string' ? value.toUpperCase() : value;
  checkAlgorithm(algorithm);
  return algorithm;
}

function digitsOf(value: unknown): number {
  const digits = value === undefined ? 6 : value;
  checkDigits(digits);
  return digits;
}

function periodOf(value: unknown): number {
  const period = value === undefined ? 30 : value;
  checkPeriod(period);
  return period;
}

/**
 * The largest HOTP counter accepted from outside (a URI, an import, `addAccount`): 2^53 − 2.
 * A stored counter is the one the *next* code comes from, and using it stores one more, which
 * must still be exact in a JSON number. So 2^53 − 2 still gives one code, after which the vault
 * holds 2^53 − 1: "used up", readable from a vault but never accepted as new input — otherwise an
 * account could be added that can never produce a code.
 */
export const MAX_HOTP_COUNTER: number = Number.MAX_SAFE_INTEGER - 1;

function counterOf(value: unknown, max: number): number {
  if (value === undefined) {
    throw invalid('An HOTP account needs a counter.');
  }
  checkSafeCounter(value);
  if (value > max) {
    throw invalid(`counter must be at most ${max}: a higher counter could not be advanced.`);
  }
  return value;
}

/**
 * Checks candidate OTP parameters and returns them in canonical form: only the fields of the
 * type, defaults filled in, the secret as unpadded upper-case base32, the algorithm upper case.
 *
 * @example
 * ```ts
 * validateOtpParameters({ type: 'totp', secret: 'jbsw y3dp ehpk 3pxp' });
 * // { type: 'totp', secret: 'JBSWY3DPEHPK3PXP', algorithm: 'SHA1', digits: 6, period: 30 }
 * ```
 * @throws {CoreError} `ERR_SECRET_INVALID` when the secret is missing, not base32, empty or over
 *   1024 bytes; `ERR_OTP_PARAMS_INVALID` for anything else out of bounds (see `OTP_LIMITS`),
 *   including an HOTP counter above {@link MAX_HOTP_COUNTER}.
 */
export function validateOtpParameters(params: unknown): OtpParameters {
  return validate(params, MAX_HOTP_COUNTER);
}

/**
 * {@link validateOtpParameters} for parameters read back from a vault or a backup, where an HOTP
 * counter may also be 2^53 − 1: used up by its last code (see {@link MAX_HOTP_COUNTER}).
 *
 * @throws {CoreError} as {@link validateOtpParameters}.
 */
export function validateStoredOtpParameters(params: unknown): OtpParameters {
  return validate(params, Number.MAX_SAFE_INTEGER);
}

function validate(params: unknown, counterMax: number): OtpParameters {
  if (typeof params !== 'object' || params === null) {
    throw invalid('OTP parameters must be an object.');
  }
  const fields = params as Readonly<Record<string, unknown>>;
  const type = fields['type'];
  if (type !== 'totp' && type !== 'hotp' && type !== 'steam') {
    throw invalid(`type must be totp, hotp or steam, got ${String(type)}.`);
  }
  const secret = canonicalSecret(fields['secret']);
  if (type === 'steam') {
    return { type, secret, period: periodOf(fields['period']) };
  }
  const algorithm = algorithmOf(fields['algorithm']);
  const digits = digitsOf(fields['digits']);
  if (type === 'hotp') {
    return { type, secret, algorithm, digits, counter: counterOf(fields['counter'], counterMax) };
  }
  return { type, secret, algorithm, digits, period: periodOf(fields['period']) };
}
