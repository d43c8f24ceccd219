/**
 * The one mapping from error codes to process exit codes. Scripts branch on these numbers, so
 * they are part of the public interface: documented in docs/errors.md and never renumbered.
 * The table is exhaustive over every code: adding a code without an exit code does not compile.
 *
 * @module
 */
import { isCoreError, type CoreErrorCode } from '@tessera/core';
import { isCliError, type CliErrorCode } from './errors.js';

/** Exit codes by meaning. */
export const ExitCode = {
  ok: 0,
  /** An unexpected failure: a bug or an unclassified system error. */
  failure: 1,
  /** Wrong flags or arguments. */
  usage: 2,
  /** Input we were handed is invalid: a URI, a secret, an image, parameters. */
  invalidInput: 3,
  /** The account, group or vault named does not exist. */
  notFound: 4,
  /** The query matches more than one account. */
  ambiguous: 5,
  /** The change conflicts with what is there (a duplicate account, an existing vault). */
  conflict: 6,
  /** Another tessera process holds the vault, or the server asks to slow down; retry. */
  busy: 7,
  /** The vault cannot be read: wrong device key, corrupt, or from a newer version. */
  vaultUnreadable: 8,
  /** A passphrase or key is needed, wrong, or too weak. */
  authentication: 9,
  /** Something outside Tessera is missing or failed: clipboard, keychain, disk, backup destination. */
  environment: 10,
  /** A check found a problem: `tessera doctor`, or a backup that does not match the vault. */
  checkFailed: 11,
  /** The organisation server knows who you are but does not allow this (HTTP 403). */
  forbidden: 12,
  /** The person declined or interrupted (128 + SIGINT, as shells report Ctrl-C). */
  aborted: 130,
  /**
   * The reader of the output went away (`tessera list | head`): 128 + SIGPIPE, the status a
   * shell reports for any Unix tool stopped that way, so `set -o pipefail` still sees it.
   */
  outputClosed: 141,
} as const;

const BY_CODE: Readonly<Record<CoreErrorCode | CliErrorCode, number>> = {
  ERR_SECRET_INVALID: ExitCode.invalidInput,
  ERR_OTP_PARAMS_INVALID: ExitCode.invalidInput,
  ERR_URI_INVALID: ExitCode.invalidInput,
  ERR_URI_UNSUPPORTED: ExitCode.invalidInput,
  ERR_ACCOUNT_INVALID: ExitCode.invalidInput,
  ERR_GROUP_INVALID: ExitCode.invalidInput,
  ERR_GROUP_NOT_FOUND: ExitCode.notFound,
  ERR_IMPORT_FORMAT_UNKNOWN: ExitCode.invalidInput,
  ERR_IMPORT_INVALID: ExitCode.invalidInput,
  ERR_IMPORT_PASSWORD_REQUIRED: ExitCode.authentication,
  ERR_IMPORT_PASSWORD_WRONG: ExitCode.authentication,
  ERR_IMPORT_ENTRY_INVALID: ExitCode.invalidInput,
  ERR_IMPORT_TOO_LARGE: ExitCode.invalidInput,
  ERR_DESTINATION_INVALID: ExitCode.usage,
  ERR_DESTINATION_UNREACHABLE: ExitCode.environment,
  ERR_DESTINATION_AUTH: ExitCode.authentication,
  ERR_DESTINATION_EXISTS: ExitCode.conflict,
  ERR_DESTINATION_FAILED: ExitCode.environment,
  ERR_KEYRING_NOT_FOUND: ExitCode.notFound,
  ERR_KEYRING_CORRUPT: ExitCode.vaultUnreadable,
  ERR_KEYRING_PASSPHRASE_WRONG: ExitCode.authentication,
  ERR_RECOVERY_KEY_INVALID: ExitCode.authentication,
  ERR_BACKUP_NOT_FOUND: ExitCode.notFound,
  ERR_BACKUP_CORRUPT: ExitCode.vaultUnreadable,
  ERR_BACKUP_KEY_MISMATCH: ExitCode.authentication,
  ERR_BACKUP_VERIFY_FAILED: ExitCode.environment,
  ERR_BACKUP_VERSION_UNSUPPORTED: ExitCode.vaultUnreadable,
  ERR_BACKUP_MANIFEST_MISMATCH: ExitCode.vaultUnreadable,
  ERR_ACCOUNT_DUPLICATE: ExitCode.conflict,
  ERR_ACCOUNT_NOT_FOUND: ExitCode.notFound,
  ERR_ACCOUNT_AMBIGUOUS: ExitCode.ambiguous,
  ERR_VAULT_CORRUPT: ExitCode.vaultUnreadable,
  ERR_VAULT_VERSION_UNSUPPORTED: ExitCode.vaultUnreadable,
  ERR_USAGE: ExitCode.usage,
  ERR_ABORTED: ExitCode.aborted,
  ERR_CONFIRMATION_REQUIRED: ExitCode.usage,
  ERR_NOT_A_TERMINAL: ExitCode.usage,
  ERR_INPUT_TOO_LARGE: ExitCode.invalidInput,
  ERR_FILE_UNREADABLE: ExitCode.invalidInput,
  ERR_IMAGE_UNREADABLE: ExitCode.invalidInput,
  ERR_QR_NOT_FOUND: ExitCode.invalidInput,
  ERR_QR_TOO_LARGE: ExitCode.invalidInput,
  ERR_CLIPBOARD_UNAVAILABLE: ExitCode.environment,
  ERR_BACKUP_NOT_SET_UP: ExitCode.notFound,
  ERR_BACKUP_SETTINGS_INVALID: ExitCode.vaultUnreadable,
  ERR_BACKUP_STATE_INVALID: ExitCode.vaultUnreadable,
  ERR_BACKUP_ROLLBACK: ExitCode.conflict,
  ERR_BACKUP_COUNT_DROP: ExitCode.conflict,
  ERR_BACKUP_ALREADY_SET_UP: ExitCode.conflict,
  ERR_BACKUP_MISMATCH: ExitCode.checkFailed,
  ERR_RECOVERY_KEY_NOT_CONFIRMED: ExitCode.usage,
  ERR_DOCTOR_PROBLEMS: ExitCode.checkFailed,
  ERR_KEYCHAIN_FAILED: ExitCode.environment,
  ERR_VAULT_NOT_FOUND: ExitCode.notFound,
  ERR_VAULT_EXISTS: ExitCode.conflict,
  ERR_VAULT_LOCKED: ExitCode.busy,
  ERR_VAULT_DECRYPT_FAILED: ExitCode.vaultUnreadable,
  ERR_VAULT_METADATA_INVALID: ExitCode.vaultUnreadable,
  ERR_DEVICE_KEY_MISSING: ExitCode.vaultUnreadable,
  ERR_DEVICE_KEY_INVALID: ExitCode.vaultUnreadable,
  ERR_AGE_HEADER_INVALID: ExitCode.vaultUnreadable,
  ERR_AGE_DECRYPT_FAILED: ExitCode.vaultUnreadable,
  ERR_KDF_PARAMS_OUT_OF_RANGE: ExitCode.vaultUnreadable,
  ERR_PASSPHRASE_REQUIRED: ExitCode.authentication,
  ERR_PASSPHRASE_WRONG: ExitCode.authentication,
  ERR_PASSPHRASE_WEAK: ExitCode.authentication,
  ERR_PASSPHRASE_TOO_LONG: ExitCode.authentication,
  ERR_APP_LOCK_NOT_SET: ExitCode.conflict,
  ERR_APP_LOCK_ALREADY_SET: ExitCode.conflict,
  ERR_ADMIN_SERVER_INVALID: ExitCode.usage,
  ERR_ADMIN_SIGN_IN_REQUIRED: ExitCode.authentication,
  ERR_ADMIN_CREDENTIALS_INVALID: ExitCode.authentication,
  ERR_ADMIN_LOGIN_EXPIRED: ExitCode.authentication,
  ERR_ADMIN_LOGIN_DENIED: ExitCode.authentication,
  ERR_ADMIN_USER_NOT_FOUND: ExitCode.notFound,
  ERR_SERVER_UNREACHABLE: ExitCode.environment,
  ERR_SERVER_INVALID_REQUEST: ExitCode.invalidInput,
  ERR_SERVER_UNAUTHENTICATED: ExitCode.authentication,
  ERR_SERVER_FORBIDDEN: ExitCode.forbidden,
  ERR_SERVER_NOT_FOUND: ExitCode.notFound,
  ERR_SERVER_CONFLICT: ExitCode.conflict,
  ERR_SERVER_THROTTLED: ExitCode.busy,
  ERR_SERVER_FAILED: ExitCode.environment,
  ERR_WORK_SERVER_INVALID: ExitCode.usage,
  ERR_WORK_SIGN_IN_EXPIRED: ExitCode.authentication,
  ERR_WORK_SIGN_IN_DENIED: ExitCode.authentication,
  ERR_WORK_SIGN_IN_REQUIRED: ExitCode.authentication,
  ERR_WORK_ACCOUNT_MISMATCH: ExitCode.conflict,
  ERR_WORK_DEVICE_REVOKED: ExitCode.authentication,
  ERR_WORK_APPROVAL_EXPIRED: ExitCode.conflict,
  ERR_WORK_APPROVAL_DECIDED: ExitCode.conflict,
  ERR_WORK_NUMBER_MISMATCH: ExitCode.forbidden,
};

/** The exit code for any thrown value; unknown errors are failures (1). */
export function exitCodeFor(error: unknown): number {
  if (isCoreError(error) || isCliError(error)) return BY_CODE[error.code];
  return ExitCode.failure;
}

/** Every code with its exit code, for docs and the docs-sync test. */
export function exitCodeTable(): readonly (readonly [string, number])[] {
  return Object.entries(BY_CODE);
}
