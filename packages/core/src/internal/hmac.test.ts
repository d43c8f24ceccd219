import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HashAlgorithm } from '../otp/types.js';
import { nobleHmac } from './hmac.js';

describe('nobleHmac (RFC 2104 over SHA-1/256/512)', () => {
  it('matches node:crypto for random keys and messages', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<HashAlgorithm>('SHA1', 'SHA256', 'SHA512'),
        fc.uint8Array({ maxLength: 200 }),
        fc.uint8Array({ maxLength: 200 }),
        (algorithm, key, message) => {
          const expected = createHmac(algorithm, key).update(message).digest();
          expect(Buffer.from(nobleHmac(algorithm, key, message)).equals(expected)).toBe(true);
        },
      ),
      { numRuns: process.env['SLOW'] ? 5000 : 200 },
    );
  });

  it('gives RFC 4226 Appendix D Table 1, count 0', () => {
    const mac = nobleHmac('SHA1', new TextEncoder().encode('12345678901234567890'), new Uint8Array(8));
    expect(Buffer.from(mac).toString('hex')).toBe('cc93cf18508d94934c64b65d8ba7667fb7cde4b0');
  });

  it('refuses an algorithm outside the three', () => {
    expect(() => nobleHmac('MD5' as HashAlgorithm, new Uint8Array(1), new Uint8Array(1))).toThrow(TypeError);
    expect(() => nobleHmac('toString' as HashAlgorithm, new Uint8Array(1), new Uint8Array(1))).toThrow(TypeError);
  });
});
