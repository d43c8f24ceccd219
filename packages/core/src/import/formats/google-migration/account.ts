/**
 * One `OtpParameters` of a migration payload as an account, mapped as formats.md §3 describes:
 * the raw secret becomes base32; algorithm unspecified/SHA1 → SHA1, SHA256, SHA512, and MD5 or
 * anything else is refused (MD5 belongs to mOTP, whose codes differ); digits unspecified/six → 6,
 * eight → 8, anything else refused rather than guessed (a "seven" is rumoured, never confirmed);
 * type unspecified/TOTP → TOTP with a 30 s period (the format has no period field), HOTP with
 * its counter.
 *
 * Google keeps the whole scanned label as `name`, so `name` often repeats the issuer
 * (`GitHub:alice` next to issuer `GitHub`): the repeated prefix is dropped. Without an issuer, a
 * `name` with a colon is split at the first one, as Aegis does.
 *
 * @module
 */
import { encodeBase32 } from '../../../encoding/base32.js';
import type { HashAlgorithm } from '../../../otp/types.js';
import { MAX_HOTP_COUNTER } from '../../../otp/validate.js';
import type { AccountDraft, OtpCandidate } from '../../internal/entries.js';
import { invalidEntry } from '../../internal/fail.js';
import type { MigrationOtp } from './payload.js';

const ALGORITHMS: readonly (HashAlgorithm | undefined)[] = ['SHA1', 'SHA1', 'SHA256', 'SHA512'];
const DIGITS: readonly (number | undefined)[] = [6, 6, 8];

/** UTF-8 text of a name field. */
export function textOf(bytes: Uint8Array, what: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    return invalidEntry(`The ${what} is not valid UTF-8.`, error);
  }
}

/** Issuer and account name from `name` and `issuer`, as the module explains. */
export function namesOf(name: string, issuer: string): { issuer: string; label: string } {
  const colon = name.indexOf(':');
  if (issuer === '' && colon >= 0) {
    return { issuer: name.slice(0, colon), label: name.slice(colon + 1).trimStart() };
  }
  const prefix = name.slice(0, issuer.length + 1);
  if (issuer !== '' && prefix.toLowerCase() === `${issuer.toLowerCase()}:`) {
    return { issuer, label: name.slice(prefix.length).trimStart() };
  }
  return { issuer, label: name };
}

function algorithmOf(value: number): HashAlgorithm {
  if (value === 4) return invalidEntry('It uses MD5, which Tessera does not support.');
  return ALGORITHMS[value] ?? invalidEntry(`It has an unknown algorithm (${value}).`);
}

function otpOf(otp: MigrationOtp): OtpCandidate {
  const secret = encodeBase32(otp.secret);
  const algorithm = algorithmOf(otp.algorithm);
  const digits = DIGITS[otp.digits] ?? invalidEntry(`It has an unknown number of digits (${otp.digits}).`);
  if (otp.type === 0 || otp.type === 2) return { type: 'totp', secret, algorithm, digits, period: 30 };
  if (otp.type !== 1) return invalidEntry(`It has an unknown OTP type (${otp.type}).`);
  if (otp.counter < 0n || otp.counter > BigInt(MAX_HOTP_COUNTER)) {
    return invalidEntry(`Its HOTP counter is out of range (0 to ${MAX_HOTP_COUNTER}).`);
  }
  return { type: 'hotp', secret, algorithm, digits, counter: Number(otp.counter) };
}

/**
 * The account `otp` describes.
 *
 * @throws {CoreError} `ERR_IMPORT_ENTRY_INVALID` for what the module lists as refused.
 */
export function draftOf(otp: MigrationOtp): AccountDraft {
  const names = namesOf(textOf(otp.name, 'name'), textOf(otp.issuer, 'issuer'));
  return { ...names, otp: otpOf(otp) };
}
