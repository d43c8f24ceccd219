import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isCoreError } from '../errors.js';
import { codeFor } from './code-for.js';
import type { HmacFunction, OtpParameters } from './types.js';

const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const nodeHmac: HmacFunction = (algorithm, key, message) => createHmac(algorithm, key).update(message).digest();

describe('codeFor', () => {
  it('computes a TOTP code with its validity window (RFC 6238 Appendix B, 59 s)', () => {
    const params: OtpParameters = { type: 'totp', secret: RFC_SECRET, algorithm: 'SHA1', digits: 8, period: 30 };
    expect(codeFor(params, 59_000)).toEqual({ code: '94287082', counter: 1, validFrom: 30_000, validUntil: 60_000 });
    expect(codeFor(params, 59_000, nodeHmac).code).toBe('94287082');
  });

  it('computes an HOTP code from the stored counter, ignoring the time (RFC 4226 Appendix D)', () => {
    const params: OtpParameters = { type: 'hotp', secret: RFC_SECRET, algorithm: 'SHA1', digits: 6, counter: 9 };
    expect(codeFor(params, 1_700_000_000_000)).toEqual({ code: '520489', counter: 9 });
  });

  it('computes a Steam code with its window (shared Steam test account)', () => {
    const params: OtpParameters = { type: 'steam', secret: 'JRZCL47CMXVOQMNPZR2F7J4RGI', period: 30 };
    expect(codeFor(params, 1_700_000_000_000)).toEqual({
      code: '747JR',
      counter: 56_666_666,
      validFrom: 1_699_999_980_000,
      validUntil: 1_700_000_010_000,
    });
  });

  it('handles time steps past 2^32', () => {
    const params: OtpParameters = { type: 'totp', secret: RFC_SECRET, algorithm: 'SHA1', digits: 6, period: 1 };
    const result = codeFor(params, 2 ** 33 * 1000 + 999);
    expect(result.counter).toBe(2 ** 33);
    expect(result.validUntil).toBe((2 ** 33 + 1) * 1000);
  });

  it('rejects a broken secret or parameters with typed errors', () => {
    const attempts: [OtpParameters, string][] = [
      [{ type: 'totp', secret: 'NOT*BASE32', algorithm: 'SHA1', digits: 6, period: 30 }, 'ERR_SECRET_INVALID'],
      [{ type: 'totp', secret: RFC_SECRET, algorithm: 'SHA1', digits: 4, period: 30 }, 'ERR_OTP_PARAMS_INVALID'],
      [{ type: 'steam', secret: RFC_SECRET, period: 0 }, 'ERR_OTP_PARAMS_INVALID'],
      [{ type: 'hotp', secret: RFC_SECRET, algorithm: 'SHA1', digits: 6, counter: -3 }, 'ERR_OTP_PARAMS_INVALID'],
    ];
    for (const [params, code] of attempts) {
      let caught: unknown;
      try {
        codeFor(params, 0);
      } catch (error) {
        caught = error;
      }
      expect(isCoreError(caught) ? caught.code : caught).toBe(code);
    }
  });
});
