/**
 * Reading the OTP parameters and secret bytes of any account, whichever its kind, for the
 * duplicate check, the fingerprint and the HOTP counter — and judging a secret's strength.
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

/**
 * Below this many bits a secret is weak (security.md S13, after RFC 4226 §4, which asks for at
 * least 128 and recommends 160). Such secrets are still accepted — the service chose them and
 * refusing would only lock the person out — but apps warn when adding or importing one.
 */
export const WEAK_SECRET_BITS = 80;

/**
 * The size of the secret in bits: 8 × its decoded bytes (base32 padding bits do not count).
 *
 * @example
 * ```ts
 * secretBits({ type: 'totp', secret: 'JBSWY3DPEHPK3PXP', algorithm: 'SHA1', digits: 6, period: 30 }); // 80
 * secretBits(otp) < WEAK_SECRET_BITS; // true → print a warning
 * ```
 */
export function secretBits(otp: OtpParameters): number {
  return decodeBase32(otp.secret).length * 8;
}
