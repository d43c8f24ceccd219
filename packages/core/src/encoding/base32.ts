/**
 * RFC 4648 base32, as authenticators use it. Decoding is lenient in the ways real exports
 * need (any case, spaces, dashes, padding present or missing, lengths that are not a multiple
 * of 8 with leftover bits ignored) and strict about everything else: a character outside the
 * alphabet, misplaced padding or an empty secret is an `ERR_SECRET_INVALID`. Encoding writes
 * unpadded upper case, as the Key Uri Format recommends.
 *
 * @module
 */
import { CoreError } from '../errors.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Maps a char code to its 5-bit value, or -1. Built once; covers lower case too. */
const LOOKUP: Int8Array = (() => {
  const table = new Int8Array(128).fill(-1);
  for (let i = 0; i < ALPHABET.length; i++) {
    table[ALPHABET.charCodeAt(i)] = i;
    table[ALPHABET.toLowerCase().charCodeAt(i)] = i;
  }
  return table;
})();

const SEPARATOR = /[\s-]/;
const SEPARATORS = /[\s-]+/g;

/**
 * Strips the separators people and apps put into secrets (spaces, tabs, dashes) and trailing
 * `=` padding. Padding in the middle of the text is left in place so decoding rejects it.
 */
export function normalizeBase32(text: string): string {
  // Trailing padding is cut by a loop rather than `/=+$/`, which, unanchored at the start, is
  // tried at every position of the text; and text without separators (canonical secrets, read
  // several times per account by an import) skips the replace.
  const joined = SEPARATOR.test(text) ? text.replace(SEPARATORS, '') : text;
  let end = joined.length;
  while (end > 0 && joined.charCodeAt(end - 1) === 0x3d) end--;
  return end === joined.length ? joined : joined.slice(0, end);
}

/**
 * Decodes base32 text into bytes.
 *
 * @example
 * ```ts
 * decodeBase32('jbsw y3dp-ehpk3pxp'); // Uint8Array [72,101,108,108,111,33,222,173,190,239]
 * ```
 * @throws {CoreError} `ERR_SECRET_INVALID` for an empty value or a character outside the alphabet.
 */
export function decodeBase32(text: string): Uint8Array {
  const clean = normalizeBase32(text);
  if (clean.length === 0) {
    throw new CoreError('ERR_SECRET_INVALID', 'The secret is empty.');
  }
  const out = new Uint8Array(Math.floor((clean.length * 5) / 8));
  let buffer = 0;
  let bits = 0;
  let index = 0;
  for (let i = 0; i < clean.length; i++) {
    const code = clean.charCodeAt(i);
    const value = code < 128 ? (LOOKUP[code] ?? -1) : -1;
    if (value < 0) {
      throw new CoreError(
        'ERR_SECRET_INVALID',
        `The secret is not valid base32: unexpected character at position ${String(i + 1)}.`,
      );
    }
    buffer = ((buffer << 5) | value) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out[index++] = (buffer >>> bits) & 0xff;
    }
  }
  if (out.length === 0) {
    throw new CoreError('ERR_SECRET_INVALID', 'The secret is too short to hold a single byte.');
  }
  return out;
}

/**
 * Encodes bytes as unpadded, upper-case base32.
 *
 * @example
 * ```ts
 * encodeBase32(new TextEncoder().encode('12345678901234567890')); // 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'
 * ```
 */
export function encodeBase32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ALPHABET.charAt((buffer >>> bits) & 31);
    }
  }
  if (bits > 0) {
    out += ALPHABET.charAt((buffer << (5 - bits)) & 31);
  }
  return out;
}
