/**
 * Random UUIDs (RFC 9562 version 4) built from an injected random source, because the core has
 * no randomness of its own. Ids are written in the canonical lower-case 8-4-4-4-12 form.
 *
 * @module
 */

const DIGITS = '0123456789abcdef';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Where the two hex digits of each of the 16 bytes go in the 36 characters of the text. */
const BYTE_AT: readonly number[] = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];

/** The character codes of the id being written, dashes in place; reused, as ids are minted one at a time. */
const CODES: number[] = Array.from({ length: 36 }, () => 0x2d);

/**
 * A version 4 UUID from 16 bytes of `random`.
 *
 * @throws {TypeError} when `random` does not return 16 bytes.
 */
export function uuidV4(random: (n: number) => Uint8Array): string {
  const bytes = random(16);
  if (!(bytes instanceof Uint8Array) || bytes.length !== 16) {
    throw new TypeError('The random source must return a Uint8Array of the requested length.');
  }
  // The version and variant bits are set on the way into the text: the caller's buffer is not
  // ours to change. The text is written as character codes into one array and made a string
  // once: joining 16 table strings and slicing the dashes in took twice as long, and an import
  // mints an id for each of its thousands of accounts.
  for (let i = 0; i < 16; i++) {
    const raw = bytes[i] ?? 0;
    const byte = i === 6 ? (raw & 0x0f) | 0x40 : i === 8 ? (raw & 0x3f) | 0x80 : raw;
    const at = BYTE_AT[i] ?? 0;
    CODES[at] = DIGITS.charCodeAt(byte >> 4);
    CODES[at + 1] = DIGITS.charCodeAt(byte & 0x0f);
  }
  return String.fromCharCode(...CODES);
}

/**
 * True for UUID text in canonical lower-case form. Any version is accepted so that ids minted
 * by a later scheme (e.g. time-ordered v7) still read.
 */
export function isUuid(text: string): boolean {
  return UUID_PATTERN.test(text);
}
