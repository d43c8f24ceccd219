/**
 * `@tessera/core`: the pure, isomorphic heart of Tessera. No I/O, no clocks, no randomness of its
 * own: time, randomness and HMAC are parameters, so the same code runs in the CLI, the server
 * and the browser and every result is reproducible in tests.
 *
 * @module
 */
export { CoreError, isCoreError, type CoreErrorCode } from './errors.js';
export { decodeBase32, encodeBase32, normalizeBase32 } from './encoding/base32.js';
export { nobleHmac } from './internal/hmac.js';
export type { Destination, DestinationEntry } from './ports.js';
export {
  checkPassphraseStrength,
  MAX_PASSPHRASE_LENGTH,
  MIN_PASSPHRASE_LENGTH,
  normalizePassphrase,
} from './passphrase/index.js';
export {
  codeFor,
  counterAt,
  generateHotp,
  generateSteam,
  generateTotp,
  HASH_ALGORITHMS,
  MAX_HOTP_COUNTER,
  OTP_LIMITS,
  secondsRemaining,
  STEAM_ALPHABET,
  steamCode,
  truncate,
  validateOtpParameters,
  type HashAlgorithm,
  type HmacFunction,
  type HotpOptions,
  type HotpParameters,
  type OtpCode,
  type OtpParameters,
  type OtpType,
  type SteamOptions,
  type SteamParameters,
  type TotpOptions,
  type TotpParameters,
} from './otp/index.js';
export { formatOtpauthUri, MAX_OTPAUTH_URI_LENGTH, parseOtpauthUri, type OtpauthUri } from './uri/index.js';
export {
  accountFingerprint,
  addAccount,
  addGroup,
  advanceHotpCounter,
  createVault,
  decodeVault,
  encodeVault,
  findAccounts,
  MAX_GROUP_NAME_LENGTH,
  MAX_ICON_IMAGE_LENGTH,
  MAX_ISSUER_LENGTH,
  MAX_LABEL_LENGTH,
  MAX_NOTE_LENGTH,
  MAX_TOMBSTONES,
  MAX_VAULT_BYTES,
  mergeTombstones,
  moveAccount,
  orderedAccounts,
  removeAccount,
  removeGroup,
  renameAccount,
  renameGroup,
  resolveAccount,
  resolveGroup,
  secretBits,
  setAccountGroups,
  updateAccount,
  VAULT_FORMAT,
  VAULT_VERSION,
  WEAK_SECRET_BITS,
  type Account,
  type AccountCommon,
  type AccountIcon,
  type AccountNames,
  type AccountPatch,
  type AddAccountContext,
  type CreationContext,
  type Group,
  type MutationContext,
  type NewAccount,
  type OtpAccount,
  type RenameAccountContext,
  type Tombstone,
  type Vault,
  type WorkAccount,
  type WorkDetails,
} from './vault/index.js';
