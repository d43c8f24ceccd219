/**
 * TOTP, RFC 6238: HOTP over the time step `T = floor((unixTime − T0) / X)`. Timestamps are Unix
 * milliseconds passed in by the caller (the core has no clock). Arithmetic stays in exact integer
 * `number`s: milliseconds up to 2^53 cover any date, and T past 2^32 (e.g. a 1 s period in 2242)
 * is written as a full 64-bit counter by `generateHotp`.
 *
 * @module
 */
import { nobleHmac } from '../internal/hmac.js';
import { hotpCode } from './hotp.js';
import { checkPeriod } from './limits.js';
import type { HashAlgorithm, HmacFunction } from './types.js';

/** Inputs of {@link generateTotp}. */
export interface TotpOptions {
  readonly secret: Uint8Array;
  /** Unix time in milliseconds. */
  readonly timestamp: number;
  /** Default `SHA1`. */
  readonly algorithm?: HashAlgorithm;
  /** 6 to 10, default 6. */
  readonly digits?: number;
  /** Seconds per step, 1 to 86400, default 30. */
  readonly period?: number;
}

function stepStartMs(timestampMs: number, epochSeconds: number): number {
  if (!Number.isFinite(timestampMs)) {
    throw new RangeError(`timestamp must be a finite number of milliseconds, got ${timestampMs}.`);
  }
  if (!Number.isSafeInteger(epochSeconds)) {
    throw new RangeError(`epochSeconds must be a whole number of seconds, got ${epochSeconds}.`);
  }
  const elapsed = timestampMs - epochSeconds * 1000;
  if (elapsed < 0) {
    throw new RangeError('timestamp is before the TOTP epoch T0.');
  }
  return elapsed;
}

/**
 * The RFC 6238 §4.2 time step `T` for a moment: whole periods elapsed since `T0`.
 *
 * @example
 * ```ts
 * counterAt(59_000); // 1 (RFC 6238 Appendix B)
 * counterAt(2 ** 33 * 1000, 1); // 8589934592: past 2^32 steps
 * ```
 * @param timestampMs - Unix time in milliseconds.
 * @param period - seconds per step (`X`), default 30.
 * @param epochSeconds - Unix time of step 0 (`T0`), default 0.
 * @throws {CoreError} `ERR_OTP_PARAMS_INVALID` for a bad period.
 * @throws {RangeError} for a non-finite timestamp or one before `T0`.
 */
export function counterAt(timestampMs: number, period = 30, epochSeconds = 0): number {
  checkPeriod(period);
  return Math.floor(stepStartMs(timestampMs, epochSeconds) / (period * 1000));
}

/**
 * Whole seconds until the code valid at `timestampMs` expires, rounded up: from `period` right at
 * a step boundary down to 1 in its last second, which is what a countdown should show.
 *
 * @example
 * ```ts
 * secondsRemaining(59_000); // 1
 * secondsRemaining(60_000); // 30
 * ```
 * @throws {CoreError} `ERR_OTP_PARAMS_INVALID` for a bad period.
 * @throws {RangeError} for a non-finite timestamp or one before `T0`.
 */
export function secondsRemaining(timestampMs: number, period = 30, epochSeconds = 0): number {
  checkPeriod(period);
  const periodMs = period * 1000;
  const intoStep = stepStartMs(timestampMs, epochSeconds) % periodMs;
  return Math.ceil((periodMs - intoStep) / 1000);
}

/**
 * Computes an RFC 6238 TOTP code.
 *
 * @example
 * ```ts
 * const secret = new TextEncoder().encode('12345678901234567890');
 * generateTotp({ secret, timestamp: 59_000, digits: 8 }); // '94287082' (RFC 6238 Appendix B)
 * ```
 * @param hmac - the HMAC to use; defaults to the pure-JS {@link nobleHmac}.
 * @throws {CoreError} `ERR_OTP_PARAMS_INVALID` / `ERR_SECRET_INVALID` as `generateHotp` and
 *   {@link counterAt} do.
 * @throws {RangeError} for a non-finite or negative timestamp.
 */
export function generateTotp(options: TotpOptions, hmac: HmacFunction = nobleHmac): string {
  const { secret, timestamp, algorithm = 'SHA1', digits = 6, period = 30 } = options;
  return hotpCode(secret, counterAt(timestamp, period), algorithm, digits, hmac);
}
