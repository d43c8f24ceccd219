/**
 * `otpauth-migration://offline?data=…`: the URI each QR code of a Google Authenticator export
 * holds. `data` is standard base64, percent-encoded in the query — but some producers leave a raw
 * `+` or `/` (formats.md §3), so `+` is never read as a space here: base64 has no spaces, and
 * turning a `+` into one would corrupt the payload.
 *
 * @module
 */
import type { Fail } from '../../../internal/json.js';
import { hasMalformedEscape } from '../../../uri/percent.js';
import { decodeBase64 } from '../../../encoding/base64.js';

const PREFIX = /^otpauth-migration:\/\/offline\/?\?/i;

/** True when `text` looks like a migration URI (the check format detection uses). */
export function isMigrationUri(text: string): boolean {
  return PREFIX.test(text);
}

function percentDecoded(value: string, fail: Fail): string {
  if (hasMalformedEscape(value)) fail('the data parameter has a malformed %-escape.');
  try {
    return decodeURIComponent(value);
  } catch (error) {
    return fail('the data parameter is not percent-encoded text.', error);
  }
}

/**
 * The payload bytes of one migration URI.
 *
 * @throws whatever `fail` raises for anything but one `otpauth-migration://offline` URI with one
 *   base64 `data` parameter.
 */
export function migrationData(uri: string, fail: Fail): Uint8Array {
  const prefix = PREFIX.exec(uri);
  if (prefix === null) return fail('it is not an otpauth-migration://offline URI.');
  const values = uri
    .slice(prefix[0].length)
    .split('&')
    .filter((segment) => segment.startsWith('data='))
    .map((segment) => segment.slice('data='.length));
  if (values.length !== 1 || values[0] === undefined) return fail('it must have exactly one data parameter.');
  return decodeBase64(percentDecoded(values[0], fail), 'the data parameter', fail);
}
