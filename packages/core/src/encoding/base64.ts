/**
 * Base64 (RFC 4648), the one codec of the core: exports are written in the standard alphabet
 * with padding; imports meet the standard alphabet in most places, the URL-safe one in some,
 * padding present or dropped. Decoding accepts both alphabets and either padding, and refuses
 * everything else (stray characters, a length no encoder produces) through the caller's
 * {@link Fail} — a guessed byte in a secret would only give wrong codes later. The core targets
 * ES2023 without DOM, so `btoa`/`atob` are not available.
 *
 * @module
 */
import type { Fail } from '../internal/json.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

const LOOKUP: Int8Array = (() => {
  const table = new Int8Array(128).fill(-1);
  for (let i = 0; i < ALPHABET.length; i++) table[ALPHABET.charCodeAt(i)] = i;
  table[0x2d] = 62; // '-' (URL-safe)
  table[0x5f] = 63; // '_' (URL-safe)
  return table;
})();

/**
 * Padded standard Base64 of `bytes`.
 *
 * @example
 * ```ts
 * encodeBase64(new Uint8Array([1, 2, 3, 4])); // 'AQIDBA=='
 * ```
 */
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

/**
 * The bytes of base64 `text` (either alphabet, padding optional; surrounding whitespace is
 * ignored). `what` names the field in the failure message.
 *
 * @throws whatever `fail` raises for anything that is not base64.
 */
export function decodeBase64(text: string, what: string, fail: Fail): Uint8Array {
  const body = text.trim().replace(/={1,2}$/, '');
  if (body.length % 4 === 1) fail(`${what} is not base64.`);
  const out = new Uint8Array(Math.floor((body.length * 6) / 8));
  let buffer = 0;
  let bits = 0;
  let at = 0;
  for (let i = 0; i < body.length; i++) {
    const code = body.charCodeAt(i);
    const value = code < 128 ? (LOOKUP[code] ?? -1) : -1;
    if (value < 0) fail(`${what} is not base64.`);
    buffer = ((buffer << 6) | value) & 0xffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (buffer >>> bits) & 0xff;
    }
  }
  return out;
}
