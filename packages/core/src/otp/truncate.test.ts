import { describe, expect, it } from 'vitest';
import { hexBytes, loadVectors } from './test-support/vectors.js';
import { truncate } from './truncate.js';

interface AppendixD {
  readonly appendixD: { readonly rows: readonly { counter: number; hmacHex: string; truncatedHex: string; truncatedDecimal: number }[] };
}
const { appendixD } = loadVectors('rfc4226-hotp.json') as AppendixD;

describe('RFC 4226 §5.3 dynamic truncation', () => {
  it.each(appendixD.rows)('Appendix D count $counter: HMAC → $truncatedHex', (row) => {
    const value = truncate(hexBytes(row.hmacHex));
    expect(value).toBe(row.truncatedDecimal);
    expect(value.toString(16)).toBe(row.truncatedHex);
  });

  it('drops the top bit, so the value is always a non-negative 31-bit integer', () => {
    const digest = new Uint8Array(20).fill(0xff);
    digest[19] = 0xf0; // offset 0
    expect(truncate(digest)).toBe(0x7fffffff);
  });

  it('reads at the largest offset (15) of a 20-byte digest', () => {
    const digest = new Uint8Array(20);
    digest.set([0x81, 0x02, 0x03, 0x04], 15);
    digest[19] = 0x0f; // offset 15 reads bytes 15..18
    expect(truncate(digest)).toBe(0x01020304);
  });

  it('uses the last byte of longer (SHA-256/512) digests for the offset', () => {
    const digest = new Uint8Array(64);
    digest.set([0x12, 0x34, 0x56, 0x78], 3);
    digest[63] = 0x03;
    expect(truncate(digest)).toBe(0x12345678);
  });

  it('rejects a digest shorter than any HMAC', () => {
    expect(() => truncate(new Uint8Array(19))).toThrow(RangeError);
  });
});
