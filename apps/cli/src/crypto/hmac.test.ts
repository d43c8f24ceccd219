import { nobleHmac, type HashAlgorithm } from '@tessera/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nodeHmac } from './hmac.js';

describe('nodeHmac', () => {
  it('agrees with the core default (nobleHmac) on random inputs', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<HashAlgorithm>('SHA1', 'SHA256', 'SHA512'),
        fc.uint8Array({ maxLength: 300 }),
        fc.uint8Array({ maxLength: 300 }),
        (algorithm, key, message) => {
          expect(Array.from(nodeHmac(algorithm, key, message))).toEqual(Array.from(nobleHmac(algorithm, key, message)));
        },
      ),
      { numRuns: process.env['SLOW'] ? 5000 : 300 },
    );
  });

  it('refuses an algorithm outside the three', () => {
    expect(() => nodeHmac('MD5' as HashAlgorithm, new Uint8Array(1), new Uint8Array(1))).toThrow(TypeError);
  });
});
