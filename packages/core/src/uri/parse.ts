/**
 * `parseOtpauthUri`: a small, strict reader of `otpauth://TYPE/LABEL?PARAMETERS` (Google's Key
 * Uri Format) plus the extensions real apps write. It deliberately does not use the WHATWG `URL`
 * class: `otpauth:` is not a special scheme, and browsers disagree on where its host ends (Ente
 * documents Safari putting `totp` in `host` while Chrome and Firefox leave it in `pathname`).
 * Either the whole URI is understood and valid, or a `CoreError` says which part is not.
 *
 * @module
 */
import { CoreError } from '../errors.js';
import { isSafeName } from '../internal/safe-text.js';
import type { OtpType } from '../otp/types.js';
import { readIcon } from './icon.js';
import { splitLabel } from './label.js';
import { readOtpParameters } from './otp-parameters.js';
import { formDecode, hasMalformedEscape, percentDecode } from './percent.js';
import { parseQuery, type QueryParameters } from './query.js';
import { MAX_OTPAUTH_URI_LENGTH, type OtpauthUri } from './types.js';

// Other authenticator URIs: recognised so the message can say "not supported" rather than "broken".
const UNSUPPORTED_SCHEMES: ReadonlySet<string> = new Set(['motp', 'otpauth-migration', 'steam']);
const UNSUPPORTED_TYPES: ReadonlySet<string> = new Set(['yaotp', 'motp']);
const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;
// Leading/trailing ASCII whitespace, as QR decoders and copy-paste leave it (WHATWG URL trims too).
const OUTER_SPACE = /^[\t\n\r ]+|[\t\n\r ]+$/g;

interface UriParts {
  readonly type: OtpType;
  /** Still percent-encoded; `+` is literal. */
  readonly label: string;
  readonly query: string;
}

function invalid(message: string): CoreError {
  return new CoreError('ERR_URI_INVALID', message);
}

function typeOf(authority: string): OtpType {
  const type = authority.toLowerCase();
  if (type === 'totp' || type === 'hotp' || type === 'steam') {
    return type;
  }
  if (UNSUPPORTED_TYPES.has(type)) {
    throw new CoreError('ERR_URI_UNSUPPORTED', `otpauth://${type} accounts are not supported.`);
  }
  throw invalid(`Unknown otpauth type "${authority.slice(0, 20)}".`);
}

/**
 * Splits `scheme://type/label?query`. A `#` is an ordinary character: otpauth URIs have no
 * fragment, and Ente has exported account names with a raw `#` in them.
 */
function splitUri(text: string): UriParts {
  const scheme = SCHEME.exec(text)?.[1]?.toLowerCase();
  if (scheme !== 'otpauth') {
    if (scheme !== undefined && UNSUPPORTED_SCHEMES.has(scheme)) {
      throw new CoreError('ERR_URI_UNSUPPORTED', `${scheme}: URIs are not otpauth accounts.`);
    }
    throw invalid('Not an otpauth:// URI.');
  }
  if (!text.startsWith('//', 'otpauth:'.length)) {
    throw invalid('An otpauth URI starts with "otpauth://".');
  }
  const rest = text.slice('otpauth://'.length);
  const queryStart = rest.indexOf('?');
  const beforeQuery = queryStart < 0 ? rest : rest.slice(0, queryStart);
  const slash = beforeQuery.indexOf('/');
  return {
    type: typeOf(slash < 0 ? beforeQuery : beforeQuery.slice(0, slash)),
    label: slash < 0 ? '' : beforeQuery.slice(slash + 1),
    query: queryStart < 0 ? '' : rest.slice(queryStart + 1),
  };
}

function checkedText(value: string, what: string): string {
  if (!isSafeName(value)) {
    throw invalid(`The ${what} contains a control or invisible formatting character.`);
  }
  return value;
}

/**
 * Issuer and account name. The `issuer` parameter wins over the label prefix when both are
 * present and differ: the Key Uri Format calls the parameter "strongly recommended", it is
 * percent-encoded and so can hold anything (a prefix cannot hold a colon), newer Google
 * Authenticator versions key accounts on it, and Ente reads it first. (Aegis prefers the prefix;
 * when the two agree, as the format asks, the choice makes no difference.) An empty parameter or
 * prefix (`%3Aname`) counts as absent.
 */
function namesOf(rawLabel: string, params: QueryParameters): { issuer: string; label: string } {
  const { prefix, account } = splitLabel(checkedText(percentDecode(rawLabel, 'label'), 'label'));
  const rawIssuer = params.get('issuer');
  const param = rawIssuer === undefined ? '' : checkedText(formDecode(rawIssuer, 'issuer'), 'issuer');
  if (account === '') {
    throw invalid('The account name is empty.');
  }
  return { issuer: param === '' ? (prefix ?? '') : param, label: account };
}

/**
 * Parses an `otpauth://` URI: types `totp`, `hotp` and `steam` (also `totp` with
 * `encoder=steam`), the label's issuer prefix, `issuer`, `secret`, `algorithm`, `digits`,
 * `period`, `counter`, `image` and `color`. Unknown parameters are ignored. Scheme and type are
 * case-insensitive. An HOTP URI must carry `counter`, as the Key Uri Format requires (FreeOTP
 * assumes 0; a URI without it is more likely truncated than new, and a wrong counter gives codes
 * that silently fail).
 *
 * @example
 * ```ts
 * parseOtpauthUri('otpauth://totp/Example:alice@google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example');
 * // { issuer: 'Example', label: 'alice@google.com',
 * //   otp: { type: 'totp', secret: 'JBSWY3DPEHPK3PXP', algorithm: 'SHA1', digits: 6, period: 30 } }
 * ```
 * @throws {CoreError} `ERR_URI_INVALID` for anything malformed (including input longer than
 *   {@link MAX_OTPAUTH_URI_LENGTH}, malformed %-escapes, a repeated parameter, an empty account
 *   name); `ERR_URI_UNSUPPORTED` for `yaotp`, `motp`, migration URIs and unsupported algorithms
 *   or encoders; `ERR_SECRET_INVALID` or `ERR_OTP_PARAMS_INVALID` for the parameter at fault.
 * @throws {TypeError} when `uri` is not a string.
 */
export function parseOtpauthUri(uri: string): OtpauthUri {
  if (typeof uri !== 'string') {
    throw new TypeError('parseOtpauthUri expects a string.');
  }
  if (uri.length > MAX_OTPAUTH_URI_LENGTH) {
    throw invalid(`The URI is longer than ${MAX_OTPAUTH_URI_LENGTH} characters.`);
  }
  const text = checkedText(uri.replace(OUTER_SPACE, ''), 'URI');
  const parts = splitUri(text);
  if (hasMalformedEscape(text)) {
    throw invalid('The URI has a malformed %-escape.');
  }
  const params = parseQuery(parts.query);
  const names = namesOf(parts.label, params);
  const otp = readOtpParameters(parts.type, params);
  const icon = readIcon(params);
  return icon === undefined ? { ...names, otp } : { ...names, otp, icon };
}
