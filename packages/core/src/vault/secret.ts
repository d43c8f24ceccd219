/**
 * Reading the OTP parameters and secret bytes of any account, whichever its kind, for the
 * duplicate check, the fingerprint and the HOTP counter.
 *
 * @module
 */
import { decodeBase32 } from '../encoding/base32.js';
import type { OtpParameters } from '../otp/types.js';
import type { Account } from './types.js';

/** The OTP parameters of `account`: its own for `otp`, the optional OATH secret for `work`. */
export function otpOf(account: Account): OtpParameters | undefined {
  return account.kind === 'otp' ? account.otp : account.work.otp;
}

/** True when both secrets decode to the same bytes (base32 spelling does not matter). */
export function sameSecret(a: string, b: string): boolean {
  const x = decodeBase32(a);
  const y = decodeBase32(b);
  return x.length === y.length && x.every((byte, i) => byte === y[i]);
}
