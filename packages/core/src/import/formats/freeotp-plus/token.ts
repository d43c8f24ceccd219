/**
 * One FreeOTP+ token (formats.md §6.4, FreeOTP+'s legacy `Token`) as an account. The secret is
 * an array of signed Java bytes. Names follow FreeOTP+'s own display rule: the name the person
 * edited (`issuerAlt`, `labelAlt`) wins over the scanned one. A token whose issuer prefix is
 * "Steam" is a Steam Guard account, as FreeOTP+ computes it.
 *
 * The HOTP counter needs care. FreeOTP+ stores one less than the counter its URIs carry — its
 * URI reader subtracts one and its writer adds one back — so the stored value lags what the
 * service issued, and what every other app holds for the same account, by one. The import takes
 * the URI's value, `counter + 1`: at worst that skips one code, which servers accept (they look
 * ahead), whereas the stored value can produce a code the server has already moved past.
 *
 * @module
 */
import { MAX_HOTP_COUNTER } from '../../../otp/validate.js';
import { encodeBase32 } from '../../../encoding/base32.js';
import type { AccountDraft, OtpCandidate } from '../../internal/entries.js';
import type { JsonFields } from '../../internal/json.js';

const USABLE_IMAGE = /^(?:https:\/\/|data:image\/)/i;

function secretOf(token: JsonFields): string {
  const bytes = token.array('secret').map((value, i) => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < -128 || value > 255) {
      return token.fail(`secret[${i}]`, 'must be a byte (-128 to 255).');
    }
    return value & 0xff;
  });
  return encodeBase32(Uint8Array.from(bytes));
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/** Issuer and account name as FreeOTP+ displays them. */
export function namesOf(token: JsonFields): { issuer: string; label: string } {
  const issuer = nonEmpty(token.optionalString('issuerAlt')) ?? nonEmpty(token.optionalString('issuerInt')) ?? token.optionalString('issuerExt') ?? '';
  const label = nonEmpty(token.optionalString('labelAlt')) ?? token.optionalString('label') ?? '';
  return { issuer, label };
}

/** FreeOTP+'s key for a token in `tokenOrder`: `issuer:label`, or the label alone. */
export function tokenId(token: JsonFields): string {
  const issuer = nonEmpty(token.optionalString('issuerInt')) ?? nonEmpty(token.optionalString('issuerExt'));
  const label = token.optionalString('label') ?? '';
  return issuer === undefined ? label : `${issuer}:${label}`;
}

function otpOf(token: JsonFields): OtpCandidate {
  const type = token.string('type').toUpperCase();
  const secret = secretOf(token);
  const period = token.optionalInteger('period');
  if (token.optionalString('issuerExt') === 'Steam') {
    if (type !== 'TOTP') return token.fail('type', 'must be TOTP for a Steam token.');
    return { type: 'steam', secret, period };
  }
  const base = { secret, algorithm: token.optionalString('algo') ?? 'SHA1', digits: token.optionalInteger('digits') };
  if (type === 'TOTP') return { type: 'totp', ...base, period };
  if (type !== 'HOTP') return token.fail('type', 'must be TOTP or HOTP.');
  const stored = token.integer('counter', { min: -1, max: MAX_HOTP_COUNTER - 1 });
  return { type: 'hotp', ...base, counter: stored + 1 };
}

/**
 * The account a token describes.
 *
 * @throws {CoreError} `ERR_IMPORT_ENTRY_INVALID` for a field of the wrong type or out of range.
 */
export function draftOf(token: JsonFields): AccountDraft {
  const image = nonEmpty(token.optionalString('imageAlt')) ?? nonEmpty(token.optionalString('image'));
  const category = nonEmpty(token.optionalString('category'));
  return {
    ...namesOf(token),
    otp: otpOf(token),
    // Images are usually paths on the phone (content:, file:), meaningless anywhere else.
    ...(image !== undefined && USABLE_IMAGE.test(image) ? { icon: { image } } : {}),
    ...(category === undefined ? {} : { groups: [category] }),
  };
}
