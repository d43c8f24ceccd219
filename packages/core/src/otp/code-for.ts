/**
 * The one call an app makes to show a code: from stored {@link OtpParameters} (base32 secret)
 * and a moment to the code and, for time-based kinds, the window in which it is valid.
 *
 * @module
 */
import { decodeBase32 } from '../encoding/base32.js';
import { nobleHmac } from '../internal/hmac.js';
import { hotpCode } from './hotp.js';
import { steamAtCounter } from './steam.js';
import { counterAt } from './totp.js';
import type { HmacFunction, OtpParameters } from './types.js';

/** What {@link codeFor} returns. */
export interface OtpCode {
  readonly code: string;
  /** The HOTP counter or TOTP time step the code was computed from. */
  readonly counter: number;
  /** Unix ms at which the code became valid (time-based kinds only). */
  readonly validFrom?: number;
  /** Unix ms at which the code stops being valid, exclusive (time-based kinds only). */
  readonly validUntil?: number;
}

/**
 * Computes the current code of an account.
 *
 * @example
 * ```ts
 * codeFor({ type: 'totp', secret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', algorithm: 'SHA1', digits: 8, period: 30 }, 59_000);
 * // { code: '94287082', counter: 1, validFrom: 30000, validUntil: 60000 }
 * codeFor({ type: 'hotp', secret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', algorithm: 'SHA1', digits: 6, counter: 1 }, 0);
 * // { code: '287082', counter: 1 }
 * ```
 * @param timestampMs - Unix ms; ignored for HOTP.
 * @param hmac - the HMAC to use; defaults to the pure-JS {@link nobleHmac}.
 * @throws {CoreError} `ERR_SECRET_INVALID` / `ERR_OTP_PARAMS_INVALID` for parameters that
 *   {@link validateOtpParameters} would reject.
 */
export function codeFor(params: OtpParameters, timestampMs: number, hmac: HmacFunction = nobleHmac): OtpCode {
  const secret = decodeBase32(params.secret);
  if (params.type === 'hotp') {
    const { algorithm, digits, counter } = params;
    return { code: hotpCode(secret, counter, algorithm, digits, hmac), counter };
  }
  const { period } = params;
  const counter = counterAt(timestampMs, period);
  const validFrom = counter * period * 1000;
  const validUntil = validFrom + period * 1000;
  if (params.type === 'steam') {
    return { code: steamAtCounter(secret, counter, hmac), counter, validFrom, validUntil };
  }
  const { algorithm, digits } = params;
  return { code: hotpCode(secret, counter, algorithm, digits, hmac), counter, validFrom, validUntil };
}
