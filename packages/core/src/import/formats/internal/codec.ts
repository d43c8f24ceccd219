/**
 * Strict decoders for the byte encodings exports wrap their binary fields in: base64 (RFC 4648
 * §4, standard alphabet, padding optional because some writers drop it), hex, and UTF-8. Each
 * refuses anything else through the caller's {@link Fail} instead of guessing, and checks the
 * encoded length against the caller's limit before decoding, so a hostile field cannot make the
 * importer allocate more than it expects.
 *
 * @module
 */
import type { Fail } from './errors.js';

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_LOOKUP: Int8Array = (() => {
  const table = new Int8Array(128).fill(-1);
  for (let i = 0; i < BASE64.length; i++) table[BASE64.charCodeAt(i)] = i;
  return table;
})();
const BASE64_SHAPE = /^[A-Za-z0-9+/]*={0,2}$/;
const HEX_SHAPE = /^(?:[0-9a-fA-F]{2})*$/;

/**
 * Bytes of standard base64 `text` (padding optional), at most `maxBytes` of them.
 * Leftover bits in the last character must be zero, so each byte string has one encoding.
 */
export function decodeBase64(text: string, maxBytes: number, what: string, fail: Fail): Uint8Array {
  if (text.length > Math.ceil(maxBytes / 3) * 4) fail(`${what} is longer than ${maxBytes} bytes.`);
  if (!BASE64_SHAPE.test(text)) fail(`${what} is not base64.`);
  const body = text.replace(/=+$/, '');
  if (body.length % 4 === 1 || (text.length !== body.length && text.length % 4 !== 0)) fail(`${what} is not base64.`);
  const out = new Uint8Array(Math.floor((body.length * 6) / 8));
  let buffer = 0;
  let bits = 0;
  let index = 0;
  for (let i = 0; i < body.length; i++) {
    buffer = ((buffer << 6) | (BASE64_LOOKUP[body.charCodeAt(i)] ?? 0)) & 0xffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[index++] = (buffer >>> bits) & 0xff;
    }
  }
  if ((buffer & ((1 << bits) - 1)) !== 0) fail(`${what} is not canonical base64.`);
  return out;
}

/** Bytes of hex `text` (either case), from `minBytes` to `maxBytes` of them. */
export function decodeHex(text: string, minBytes: number, maxBytes: number, what: string, fail: Fail): Uint8Array {
  const length = text.length / 2;
  if (text.length > maxBytes * 2 || length < minBytes || !HEX_SHAPE.test(text)) {
    fail(minBytes === maxBytes ? `${what} must be ${minBytes} bytes of hex.` : `${what} must be ${minBytes} to ${maxBytes} bytes of hex.`);
  }
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = Number.parseInt(text.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** UTF-8 bytes of `text` (passwords are derived from exactly these bytes, never normalised). */
export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** Text of UTF-8 `bytes`, refusing malformed sequences. */
export function decodeUtf8(bytes: Uint8Array, what: string, fail: Fail): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    return fail(`${what} is not valid UTF-8.`, error);
  }
}

/** `a ‖ b` in a new array (spreading large arrays into `Uint8Array.of` would overflow the stack). */
export function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
