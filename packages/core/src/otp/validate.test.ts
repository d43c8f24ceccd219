import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeBase32 } from '../encoding/base32.js';
import { CoreError } from '../errors.js';
import { OTP_LIMITS } from './limits.js';
import { MAX_HOTP_COUNTER, validateOtpParameters, validateStoredOtpParameters } from './validate.js';

const SECRET = 'JBSWY3DPEHPK3PXP';

function codeOf(input: unknown): string | undefined {
  try {
    validateOtpParameters(input);
  } catch (error) {
    return error instanceof CoreError ? error.code : `not a CoreError: ${String(error)}`;
  }
  return undefined;
}

describe('validateOtpParameters', () => {
  it('fills the Key Uri Format defaults and canonicalises the secret', () => {
    expect(validateOtpParameters({ type: 'totp', secret: 'jbsw y3dp-ehpk 3pxp==' })).toEqual({
      type: 'totp',
      secret: SECRET,
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
    });
    expect(validateOtpParameters({ type: 'steam', secret: SECRET })).toEqual({ type: 'steam', secret: SECRET, period: 30 });
  });

  it('keeps given values, upper-cases the algorithm and drops fields of other types', () => {
    const input = { type: 'hotp', secret: SECRET, algorithm: 'sha512', digits: 8, counter: 42, period: 60, issuer: 'x' };
    expect(validateOtpParameters(input)).toEqual({ type: 'hotp', secret: SECRET, algorithm: 'SHA512', digits: 8, counter: 42 });
  });

  it('accepts the bounds of OTP_LIMITS', () => {
    for (const digits of [OTP_LIMITS.digitsMin, OTP_LIMITS.digitsMax]) {
      expect(codeOf({ type: 'totp', secret: SECRET, digits })).toBeUndefined();
    }
    for (const period of [OTP_LIMITS.periodMin, OTP_LIMITS.periodMax]) {
      expect(codeOf({ type: 'totp', secret: SECRET, period })).toBeUndefined();
    }
    expect(codeOf({ type: 'hotp', secret: SECRET, counter: MAX_HOTP_COUNTER })).toBeUndefined();
    expect(codeOf({ type: 'totp', secret: encodeBase32(new Uint8Array(OTP_LIMITS.secretBytesMax)) })).toBeUndefined();
  });

  it('reads a used-up counter (2^53 - 1) back from storage only', () => {
    const used = { type: 'hotp', secret: SECRET, algorithm: 'SHA1', digits: 6, counter: Number.MAX_SAFE_INTEGER };
    expect(validateStoredOtpParameters(used)).toEqual(used);
    expect(codeOf(used)).toBe('ERR_OTP_PARAMS_INVALID');
    expect(() => validateStoredOtpParameters({ ...used, counter: 2 ** 53 })).toThrow(CoreError);
  });

  it.each([
    ['not an object', 'otpauth://totp/x'],
    ['null', null],
    ['unknown type', { type: 'yaotp', secret: SECRET }],
    ['missing type', { secret: SECRET }],
    ['5 digits', { type: 'totp', secret: SECRET, digits: 5 }],
    ['11 digits', { type: 'hotp', secret: SECRET, digits: 11, counter: 0 }],
    ['digits as text', { type: 'totp', secret: SECRET, digits: '6' }],
    ['period 0', { type: 'totp', secret: SECRET, period: 0 }],
    ['fractional period', { type: 'totp', secret: SECRET, period: 29.5 }],
    ['period over a day', { type: 'steam', secret: SECRET, period: 86_401 }],
    ['unknown algorithm', { type: 'totp', secret: SECRET, algorithm: 'MD5' }],
    ['algorithm spelled with a dash', { type: 'totp', secret: SECRET, algorithm: 'SHA-1' }],
    ['HOTP without a counter', { type: 'hotp', secret: SECRET }],
    ['negative counter', { type: 'hotp', secret: SECRET, counter: -1 }],
    ['unsafe counter', { type: 'hotp', secret: SECRET, counter: 2 ** 53 }],
    ['a counter that could never be advanced (2^53 - 1)', { type: 'hotp', secret: SECRET, counter: Number.MAX_SAFE_INTEGER }],
    ['bigint counter', { type: 'hotp', secret: SECRET, counter: 1n }],
  ])('rejects %s with ERR_OTP_PARAMS_INVALID', (_, input) => {
    expect(codeOf(input)).toBe('ERR_OTP_PARAMS_INVALID');
  });

  it.each([
    ['a missing secret', { type: 'totp' }],
    ['a secret that is not text', { type: 'totp', secret: 12 }],
    ['an empty secret', { type: 'totp', secret: '' }],
    ['a secret outside the alphabet', { type: 'hotp', secret: 'JBSWY3DP1', counter: 0 }],
    ['a secret over 1024 bytes', { type: 'totp', secret: encodeBase32(new Uint8Array(OTP_LIMITS.secretBytesMax + 1)) }],
  ])('rejects %s with ERR_SECRET_INVALID', (_, input) => {
    expect(codeOf(input)).toBe('ERR_SECRET_INVALID');
  });

  it('is idempotent: validated parameters validate to themselves', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 64 }),
        fc.constantFrom('totp', 'hotp', 'steam'),
        fc.constantFrom('SHA1', 'sha256', 'Sha512', undefined),
        fc.integer({ min: 6, max: 10 }),
        fc.integer({ min: 1, max: 86_400 }),
        fc.integer({ min: 0, max: MAX_HOTP_COUNTER }),
        (bytes, type, algorithm, digits, period, counter) => {
          const once = validateOtpParameters({ type, secret: encodeBase32(bytes).toLowerCase(), algorithm, digits, period, counter });
          expect(validateOtpParameters(once)).toEqual(once);
        },
      ),
      { numRuns: process.env['SLOW'] ? 2000 : 100 },
    );
  });
});
