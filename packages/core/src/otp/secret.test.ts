import { describe, expect, it } from 'vitest';
import { decodeBase32 } from '../encoding/base32.js';
import { isCoreError } from '../errors.js';
import { loadVectors } from './test-support/vectors.js';
import { validateOtpParameters } from './validate.js';

interface Base32Vectors {
  readonly valid: readonly { input: string; hex: string; canonical: string; note: string }[];
  readonly invalid: readonly { input: string; note: string }[];
}
const vectors = loadVectors('base32.json') as Base32Vectors;

// The secrets of OTP parameters are RFC 4648 §6 base32 read leniently (formats.md §8).
describe('RFC 4648 §6 base32 secrets (vectors/base32.json)', () => {
  it.each(vectors.valid)('decodes $input ($note)', ({ input, hex, canonical }) => {
    expect(Buffer.from(decodeBase32(input)).toString('hex')).toBe(hex);
    const params = validateOtpParameters({ type: 'totp', secret: input });
    expect(params.secret).toBe(canonical);
    expect(Buffer.from(decodeBase32(params.secret)).toString('hex')).toBe(hex);
  });

  it.each(vectors.invalid)('rejects $input ($note) with ERR_SECRET_INVALID', ({ input }) => {
    let caught: unknown;
    try {
      decodeBase32(input);
    } catch (error) {
      caught = error;
    }
    expect(isCoreError(caught, 'ERR_SECRET_INVALID')).toBe(true);
    caught = undefined;
    try {
      validateOtpParameters({ type: 'totp', secret: input });
    } catch (error) {
      caught = error;
    }
    expect(isCoreError(caught, 'ERR_SECRET_INVALID')).toBe(true);
  });
});
