/**
 * Percent-encoding (RFC 3986 §2.1) for otpauth URIs, strict on the way in: a `%` not followed
 * by two hex digits, or escapes that do not form valid UTF-8, make the whole URI invalid rather
 * than being passed through or replaced, so two readers can never disagree on what a URI says.
 *
 * @module
 */
import { CoreError } from '../errors.js';

const MALFORMED_ESCAPE = /%(?![0-9A-Fa-f]{2})/;

/** True when some `%` in `text` is not the start of a `%XX` escape. */
export function hasMalformedEscape(text: string): boolean {
  return MALFORMED_ESCAPE.test(text);
}

/**
 * Decodes `%XX` escapes as UTF-8. `+` stays a plus sign, as RFC 3986 says for paths.
 *
 * @throws {CoreError} `ERR_URI_INVALID` for a malformed escape or invalid UTF-8.
 */
export function percentDecode(text: string, what: string): string {
  // Only a `%` starts an escape, malformed or not, so text without one decodes to itself. Most
  // parts of a URI (parameter names, secrets, numbers) have none, and skipping the pattern and
  // decodeURIComponent for them is most of the time parsing spends here.
  if (!text.includes('%')) return text;
  if (hasMalformedEscape(text)) {
    throw new CoreError('ERR_URI_INVALID', `The ${what} has a malformed %-escape.`);
  }
  try {
    return decodeURIComponent(text);
  } catch (cause) {
    throw new CoreError('ERR_URI_INVALID', `The ${what} is not percent-encoded UTF-8.`, { cause });
  }
}

/**
 * Decodes a query value the way HTML forms and Android's `Uri` do: `+` is a space (real exports
 * carry `issuer=Air+Canada`), `%2B` is a plus sign.
 *
 * @throws {CoreError} `ERR_URI_INVALID` for a malformed escape or invalid UTF-8.
 */
export function formDecode(text: string, what: string): string {
  return percentDecode(text.replaceAll('+', ' '), what);
}

/**
 * Encodes with `encodeURIComponent` semantics: everything but `A–Z a–z 0–9 - _ . ! ~ * ' ( )` is
 * escaped, so a space is `%20` (never `+`) and `:`, `&`, `=`, `+`, `%`, `/` can never be misread.
 *
 * Callers check text with `isSafeName` first: a lone surrogate cannot be encoded.
 */
export function percentEncode(text: string): string {
  return encodeURIComponent(text);
}
