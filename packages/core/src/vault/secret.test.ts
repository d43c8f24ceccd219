import { describe, expect, it } from 'vitest';
import { encodeBase32 } from '../encoding/base32.js';
import { secretBits, WEAK_SECRET_BITS } from './secret.js';
import { totp } from './test-support/context.js';

describe('secretBits (security.md S13: warn below 80 bits)', () => {
  it('counts decoded bytes, whatever the type and spelling', () => {
    expect(secretBits(totp('JBSWY3DPEHPK3PXP'))).toBe(80);
    expect(secretBits({ type: 'steam', secret: encodeBase32(new Uint8Array(20)), period: 30 })).toBe(160);
    expect(secretBits({ type: 'hotp', secret: 'JBSWY3DP', algorithm: 'SHA1', digits: 6, counter: 0 })).toBe(40);
    // 26 base32 characters carry 130 bits of text but decode to 16 bytes.
    expect(secretBits(totp(encodeBase32(new Uint8Array(16))))).toBe(128);
  });

  it('puts the weak threshold at 80 bits: 9 bytes are weak, 10 are not', () => {
    expect(WEAK_SECRET_BITS).toBe(80);
    expect(secretBits(totp(encodeBase32(new Uint8Array(9)))) < WEAK_SECRET_BITS).toBe(true);
    expect(secretBits(totp(encodeBase32(new Uint8Array(10)))) < WEAK_SECRET_BITS).toBe(false);
  });
});
