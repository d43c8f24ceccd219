/**
 * One-time passwords: HOTP (RFC 4226), TOTP (RFC 6238) and Steam Guard, plus the validation of
 * their parameters. Every generator takes an optional {@link HmacFunction}; the default is the
 * pure-JS `nobleHmac`, and apps with a native HMAC pass theirs for speed.
 *
 * @module
 */
export { codeFor, type OtpCode } from './code-for.js';
export { generateHotp, type HotpOptions } from './hotp.js';
export { OTP_LIMITS } from './limits.js';
export { generateSteam, steamCode, STEAM_ALPHABET, type SteamOptions } from './steam.js';
export { counterAt, generateTotp, secondsRemaining, type TotpOptions } from './totp.js';
export { truncate } from './truncate.js';
export { MAX_HOTP_COUNTER, validateOtpParameters } from './validate.js';
export {
  HASH_ALGORITHMS,
  type HashAlgorithm,
  type HmacFunction,
  type HotpParameters,
  type OtpParameters,
  type OtpType,
  type SteamParameters,
  type TotpParameters,
} from './types.js';
