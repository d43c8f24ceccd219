/**
 * `@tessera/core`: the pure, isomorphic heart of Tessera. No I/O, no clocks, no randomness of its
 * own: time, randomness and HMAC are parameters, so the same code runs in the CLI, the server
 * and the browser and every result is reproducible in tests.
 *
 * @module
 */
export { CoreError, isCoreError, type CoreErrorCode } from './errors.js';
export { decodeBase32, encodeBase32, normalizeBase32 } from './encoding/base32.js';
export {
  HASH_ALGORITHMS,
  type HashAlgorithm,
  type HmacFunction,
  type HotpParameters,
  type OtpParameters,
  type OtpType,
  type SteamParameters,
  type TotpParameters,
} from './otp/types.js';
export type {
  Account,
  AccountCommon,
  AccountIcon,
  Group,
  OtpAccount,
  Vault,
  WorkAccount,
} from './vault/types.js';
