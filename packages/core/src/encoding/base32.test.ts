import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase32, encodeBase32, normalizeBase32 } from './base32.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('base32 (RFC 4648 §6)', () => {
  it('decodes the Key Uri Format example', () => {
    expect(Array.from(decodeBase32('JBSWY3DPEHPK3PXP'))).toEqual([72, 101, 108, 108, 111, 33, 0xde, 0xad, 0xbe, 0xef]);
  });

  it('round-trips any bytes (decode ∘ encode = id)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 128 }), (input) => {
        expect(decodeBase32(encodeBase32(input))).toEqual(input);
      }),
      { numRuns: process.env['SLOW'] ? 10_000 : 300 },
    );
  });

  it('encodes the RFC 4226 secret', () => {
    expect(encodeBase32(bytes('12345678901234567890'))).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
  });
});

describe('normalizeBase32', () => {
  it('gives what the two replacements it was first written as give', () => {
    const piece = fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom('=', '==', '-', ' ', '\t', '\n', '\u00A0', '\u2003', '\uFEFF', 'AB', 'a='));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }).map((p) => p.join('')), (text) => {
        expect(normalizeBase32(text)).toBe(text.replace(/[\s-]+/g, '').replace(/=+$/, ''));
      }),
    );
  });
});
