/**
 * Typed errors of the core. Every failure caused by untrusted input (a URI, a secret, a vault
 * file) is a {@link CoreError} with a stable {@link CoreErrorCode}; callers branch on `code`,
 * never on `message`. Caller mistakes (wrong argument types) stay `TypeError`/`RangeError`.
 * The CLI maps codes to exit codes and the server to HTTP status, each in one file;
 * `docs/errors.md` lists them all.
 *
 * @module
 */

/** Every error code the core can raise. Stable: never renamed, only added. */
export type CoreErrorCode =
  | 'ERR_SECRET_INVALID'
  | 'ERR_OTP_PARAMS_INVALID'
  | 'ERR_URI_INVALID'
  | 'ERR_URI_UNSUPPORTED'
  | 'ERR_VAULT_CORRUPT'
  | 'ERR_VAULT_VERSION_UNSUPPORTED'
  | 'ERR_ACCOUNT_INVALID'
  | 'ERR_ACCOUNT_DUPLICATE'
  | 'ERR_ACCOUNT_NOT_FOUND'
  | 'ERR_ACCOUNT_AMBIGUOUS'
  | 'ERR_GROUP_INVALID'
  | 'ERR_GROUP_NOT_FOUND'
  | 'ERR_DESTINATION_INVALID'
  | 'ERR_DESTINATION_UNREACHABLE'
  | 'ERR_DESTINATION_AUTH'
  | 'ERR_DESTINATION_EXISTS'
  | 'ERR_DESTINATION_FAILED'
  | 'ERR_PASSPHRASE_WEAK'
  | 'ERR_PASSPHRASE_TOO_LONG'
  | 'ERR_AGE_HEADER_INVALID'
  | 'ERR_KDF_PARAMS_OUT_OF_RANGE'
  | 'ERR_KEYRING_NOT_FOUND'
  | 'ERR_KEYRING_CORRUPT'
  | 'ERR_KEYRING_PASSPHRASE_WRONG'
  | 'ERR_RECOVERY_KEY_INVALID'
  | 'ERR_BACKUP_NOT_FOUND'
  | 'ERR_BACKUP_CORRUPT'
  | 'ERR_BACKUP_KEY_MISMATCH'
  | 'ERR_BACKUP_VERIFY_FAILED'
  | 'ERR_BACKUP_VERSION_UNSUPPORTED'
  | 'ERR_BACKUP_MANIFEST_MISMATCH'
  | 'ERR_IMPORT_FORMAT_UNKNOWN'
  | 'ERR_IMPORT_INVALID'
  | 'ERR_IMPORT_PASSWORD_REQUIRED'
  | 'ERR_IMPORT_PASSWORD_WRONG'
  | 'ERR_IMPORT_ENTRY_INVALID'
  | 'ERR_IMPORT_TOO_LARGE';

/** Base class of every error raised by the core for bad input. */
export class CoreError extends Error {
  override readonly name: string = 'CoreError';
  readonly code: CoreErrorCode;

  constructor(code: CoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** True when `value` is a {@link CoreError}, optionally with the given code. */
export function isCoreError(value: unknown, code?: CoreErrorCode): value is CoreError {
  return value instanceof CoreError && (code === undefined || value.code === code);
}
