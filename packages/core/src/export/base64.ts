/**
 * Standard Base64 (RFC 4648 §4, with padding), which the formats we export to use for binary
 * fields. The core targets ES2023 without DOM, so `btoa`/`atob` are not available.
 *
 * @module
 */
import { CoreError } from '../errors.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Padded standard Base64 of `bytes`. */
export function encodeBase64(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const chunk = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const count = Math.min(3, bytes.length - i);
    for (let j = 0; j < 4; j++) {
      text += j <= count ? ALPHABET.charAt((chunk >> (18 - 6 * j)) & 63) : '=';
    }
  }
  return text;
}

/** The bytes of padded or unpadded standard Base64; `ERR_IMPORT_INVALID` for anything else. */
export function decodeBase64(text: string): Uint8Array {
  const body = text.replace(/={0,2}$/, '');
  if (body.length % 4 === 1 || !/^[A-Za-z0-9+/]*$/.test(body)) {
    throw new CoreError('ERR_IMPORT_INVALID', 'The data is not valid Base64.');
  }
  const out = new Uint8Array(Math.floor((body.length * 6) / 8));
  let buffer = 0;
  let bits = 0;
  let at = 0;
  for (const char of body) {
    buffer = ((buffer << 6) | ALPHABET.indexOf(char)) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (buffer >> bits) & 0xff;
    }
  }
  return out;
}
