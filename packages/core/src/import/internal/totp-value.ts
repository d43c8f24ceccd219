/**
 * The one-field TOTP value password managers store next to a login (Bitwarden's `login.totp`,
 * Proton's `content.uri`): a full `otpauth://` URI, Bitwarden's `steam://SECRET` for Steam Guard,
 * or a bare base32 secret. A bare secret carries no parameters, so it takes the Key Uri Format
 * defaults (SHA1, 6 digits, 30 s) — what Bitwarden itself computes for one.
 *
 * @module
 */
import { parseOtpauthUri } from '../../uri/parse.js';
import type { AccountIcon } from '../../vault/types.js';
import type { OtpCandidate } from './entries.js';

/** What a TOTP value says; names and icon only when it was a URI that carried them. */
export interface TotpValue {
  /** Validated later, with the rest of the entry. */
  readonly otp: OtpCandidate;
  readonly issuer?: string;
  readonly label?: string;
  readonly icon?: AccountIcon;
}

const OTPAUTH = /^otpauth:/i;
const STEAM = /^steam:\/\//i;

/**
 * Reads a TOTP value.
 *
 * @throws {CoreError} what `parseOtpauthUri` throws for a bad URI. A bad bare or Steam secret
 *   is caught later, when the entry's OTP parameters are validated (`ERR_SECRET_INVALID`).
 */
export function readTotpValue(value: string): TotpValue {
  const text = value.trim();
  if (OTPAUTH.test(text)) {
    const uri = parseOtpauthUri(text);
    return { otp: uri.otp, issuer: uri.issuer, label: uri.label, ...(uri.icon === undefined ? {} : { icon: uri.icon }) };
  }
  if (STEAM.test(text)) {
    return { otp: { type: 'steam', secret: text.slice('steam://'.length) } };
  }
  return { otp: { type: 'totp', secret: text } };
}
