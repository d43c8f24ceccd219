/**
 * `formatOtpauthUri`: writes the canonical `otpauth://` URI of an account, in the form the most
 * apps read correctly, such that `parseOtpauthUri` gives back exactly the same value.
 *
 * @module
 */
import { CoreError, isCoreError } from '../errors.js';
import { isSafeName } from '../internal/safe-text.js';
import type { OtpParameters } from '../otp/types.js';
import { validateOtpParameters } from '../otp/validate.js';
import { iconParameters } from './icon.js';
import { countColons, formatLabel } from './label.js';
import { percentEncode } from './percent.js';
import { MAX_OTPAUTH_URI_LENGTH, type OtpauthUri } from './types.js';

function checkedOtp(otp: OtpParameters): OtpParameters {
  // A vault may hold a counter used up by its last code; no reader would accept it back.
  if (otp.type === 'hotp' && otp.counter === Number.MAX_SAFE_INTEGER) {
    throw new CoreError('ERR_URI_UNSUPPORTED', 'The HOTP counter is used up (2^53 - 1): the account gives no more codes, so it cannot be exported.');
  }
  try {
    return validateOtpParameters(otp);
  } catch (cause) {
    if (isCoreError(cause)) {
      throw new TypeError(`formatOtpauthUri: invalid OTP parameters (${cause.message})`, { cause });
    }
    throw cause;
  }
}

function checkNames(issuer: string, label: string): void {
  if (!isSafeName(issuer) || !isSafeName(label)) {
    throw new TypeError('formatOtpauthUri: issuer and label may not hold control, invisible formatting or lone surrogate characters.');
  }
  if (label === '') {
    throw new TypeError('formatOtpauthUri: the label may not be empty.');
  }
  // Every reader splits a label holding one colon into issuer and account; no spelling avoids
  // it. A vault may hold such a label (it is a fine name), so this is data, not a caller bug.
  if (countColons(label) === 1) {
    throw new CoreError(
      'ERR_URI_UNSUPPORTED',
      `The account name "${label}" holds one colon, which every authenticator reads as "issuer:name"; rename the account (e.g. replace the colon) to export it as an otpauth URI.`,
    );
  }
}

/**
 * Algorithm, digits and period/counter are always written, even at their defaults: FreeOTP
 * defaults Steam to 5 digits, older Google Authenticator ignored some parameters, and explicit
 * values mean no reader has to guess.
 */
function otpParameters(otp: OtpParameters): [string, string][] {
  switch (otp.type) {
    case 'totp':
      return [['algorithm', otp.algorithm], ['digits', String(otp.digits)], ['period', String(otp.period)]];
    case 'hotp':
      return [['algorithm', otp.algorithm], ['digits', String(otp.digits)], ['counter', String(otp.counter)]];
    case 'steam':
      return [['algorithm', 'SHA1'], ['digits', '5'], ['period', String(otp.period)]];
  }
}

/**
 * Writes `otpauth://TYPE/Issuer:Account?secret=…&issuer=…&algorithm=…&digits=…&period=…`
 * (`counter` for HOTP), then `image`/`color` when the account has an icon. Text is
 * percent-encoded with `encodeURIComponent` semantics (a space is `%20`). The label carries the
 * issuer prefix whenever a reader would split it back exactly, and the `issuer` parameter is
 * always written when the issuer is not empty, so an issuer holding `:` survives.
 *
 * Steam is written as `otpauth://steam/…`, the form Aegis, Ente and 2FAS write and read. The
 * other form, `otpauth://totp/…&encoder=steam` (KeePassXC), fails badly in an app that does not
 * know `encoder`: it shows numeric codes that never work. An app that does not know the `steam`
 * type refuses the URI, which the user notices.
 *
 * @example
 * ```ts
 * formatOtpauthUri({
 *   issuer: 'ACME Co',
 *   label: 'john.doe@email.com',
 *   otp: { type: 'totp', secret: 'HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ', algorithm: 'SHA1', digits: 6, period: 30 },
 * });
 * // 'otpauth://totp/ACME%20Co:john.doe%40email.com?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30'
 * ```
 * @throws {CoreError} `ERR_URI_UNSUPPORTED` for what a vault may hold but a URI cannot carry: a
 *   label with exactly one colon (rename the account), an icon so large that the URI would be
 *   longer than {@link MAX_OTPAUTH_URI_LENGTH} (remove or replace the icon), or a used-up HOTP
 *   counter (2^53 − 1).
 * @throws {TypeError} for an empty label, control or invisible formatting characters or lone
 *   surrogates in the issuer or label, invalid OTP parameters, or an unusable icon: a vault never
 *   holds those, so they are caller mistakes.
 */
export function formatOtpauthUri(uri: OtpauthUri): string {
  const otp = checkedOtp(uri.otp);
  checkNames(uri.issuer, uri.label);
  const pairs: [string, string][] = [
    ['secret', otp.secret],
    ...(uri.issuer === '' ? [] : [['issuer', uri.issuer] as [string, string]]),
    ...otpParameters(otp),
    ...iconParameters(uri.icon),
  ];
  const query = pairs.map(([name, value]) => `${name}=${percentEncode(value)}`).join('&');
  const text = `otpauth://${otp.type}/${formatLabel(uri.issuer, uri.label)}?${query}`;
  // Names and secret are bounded far below the limit, so only an inline icon can exceed it.
  if (text.length > MAX_OTPAUTH_URI_LENGTH) {
    throw new CoreError(
      'ERR_URI_UNSUPPORTED',
      `The account's icon is too large for an otpauth URI (over ${MAX_OTPAUTH_URI_LENGTH} characters); remove or replace the icon to export it.`,
    );
  }
  return text;
}
