/**
 * RFC 4226 §5.3 dynamic truncation, exported on its own so variants that encode the 31-bit value
 * differently (Steam Guard's five letters) compose with it instead of re-implementing it.
 *
 * @module
 */

/** SHA-1, the shortest hash RFC 4226 allows, yields 20 bytes; anything shorter is not an HMAC. */
const MIN_DIGEST_BYTES = 20;

/**
 * Reduces an HMAC digest to the 31-bit integer of RFC 4226 §5.3: the low nibble of the last byte
 * picks an offset, the four bytes there are read big-endian and the top bit is dropped (so the
 * result never depends on signed/unsigned arithmetic).
 *
 * @example
 * ```ts
 * // RFC 4226 Appendix D, count 0: HMAC-SHA-1 cc93cf18508d94934c64b65d8ba7667fb7cde4b0
 * const digest = Uint8Array.from('cc93cf18508d94934c64b65d8ba7667fb7cde4b0'.match(/../g) ?? [], (h) => parseInt(h, 16));
 * truncate(digest); // 1284755224 (0x4c93cf18); 1284755224 % 10 ** 6 → '755224'
 * ```
 * @throws {RangeError} when the digest is shorter than 20 bytes.
 */
export function truncate(digest: Uint8Array): number {
  const length = digest.length;
  if (length < MIN_DIGEST_BYTES) {
    throw new RangeError(`An HMAC digest has at least 20 bytes, got ${length}.`);
  }
  // Indexes are in range by the length check above; `?? 0` only satisfies noUncheckedIndexedAccess.
  const offset = (digest[length - 1] ?? 0) & 0x0f;
  return (
    (((digest[offset] ?? 0) & 0x7f) << 24) |
    ((digest[offset + 1] ?? 0) << 16) |
    ((digest[offset + 2] ?? 0) << 8) |
    (digest[offset + 3] ?? 0)
  );
}
