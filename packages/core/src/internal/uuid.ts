/**
 * Random UUIDs (RFC 9562 version 4) built from an injected random source, because the core has
 * no randomness of its own. Ids are written in the canonical lower-case 8-4-4-4-12 form.
 *
 * @module
 */

const HEX: readonly string[] = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

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
  // ours to change. A table lookup per byte keeps minting 10,000 ids for an import cheap.
  let hex = '';
  for (let i = 0; i < 16; i++) {
    const byte = bytes[i] ?? 0;
    hex += HEX[i === 6 ? (byte & 0x0f) | 0x40 : i === 8 ? (byte & 0x3f) | 0x80 : byte] ?? '';
  }
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * True for UUID text in canonical lower-case form. Any version is accepted so that ids minted
 * by a later scheme (e.g. time-ordered v7) still read.
 */
export function isUuid(text: string): boolean {
  return UUID_PATTERN.test(text);
}
