/**
 * Typed errors of the `tessera` CLI. Failures caused by the outside world (a missing or locked
 * vault, a wrong passphrase, a keychain that refuses to answer, a damaged file) are a
 * {@link CliError} with a stable {@link CliErrorCode}; callers branch on `code`, never on
 * `message`. Same shape as the core's `CoreError`, whose codes pass through the CLI unchanged.
 * Messages never contain secrets or passphrases.
 *
 * @module
 */

/** Every error code the CLI itself can raise. Stable: never renamed, only added. */
export type CliErrorCode =
  // usage and interaction
  | 'ERR_USAGE'
  | 'ERR_ABORTED'
  | 'ERR_CONFIRMATION_REQUIRED'
  | 'ERR_NOT_A_TERMINAL'
  | 'ERR_INPUT_TOO_LARGE'
  // files and images handed to us
  | 'ERR_FILE_UNREADABLE'
  | 'ERR_IMAGE_UNREADABLE'
  | 'ERR_QR_NOT_FOUND'
  | 'ERR_QR_TOO_LARGE'
  // the environment
  | 'ERR_CLIPBOARD_UNAVAILABLE'
  // backups
  | 'ERR_BACKUP_NOT_SET_UP'
  | 'ERR_BACKUP_SETTINGS_INVALID'
  | 'ERR_BACKUP_STATE_INVALID'
  | 'ERR_BACKUP_ROLLBACK'
  | 'ERR_BACKUP_COUNT_DROP'
  | 'ERR_BACKUP_ALREADY_SET_UP'
  | 'ERR_BACKUP_MISMATCH'
  | 'ERR_RECOVERY_KEY_NOT_CONFIRMED'
  | 'ERR_DOCTOR_PROBLEMS'
  // the local vault
  | 'ERR_VAULT_NOT_FOUND'
  | 'ERR_VAULT_EXISTS'
  | 'ERR_VAULT_LOCKED'
  | 'ERR_VAULT_DECRYPT_FAILED'
  | 'ERR_VAULT_METADATA_INVALID'
  | 'ERR_DEVICE_KEY_MISSING'
  | 'ERR_DEVICE_KEY_INVALID'
  | 'ERR_PASSPHRASE_REQUIRED'
  | 'ERR_PASSPHRASE_WRONG'
  | 'ERR_APP_LOCK_NOT_SET'
  | 'ERR_APP_LOCK_ALREADY_SET'
  | 'ERR_KEYCHAIN_FAILED'
  | 'ERR_AGE_DECRYPT_FAILED'
  // an organisation's tessera-server (`tessera admin`)
  | 'ERR_ADMIN_SERVER_INVALID'
  | 'ERR_ADMIN_SIGN_IN_REQUIRED'
  | 'ERR_ADMIN_CREDENTIALS_INVALID'
  | 'ERR_ADMIN_LOGIN_EXPIRED'
  | 'ERR_ADMIN_LOGIN_DENIED'
  | 'ERR_ADMIN_USER_NOT_FOUND'
  | 'ERR_SERVER_UNREACHABLE'
  | 'ERR_SERVER_INVALID_REQUEST'
  | 'ERR_SERVER_UNAUTHENTICATED'
  | 'ERR_SERVER_FORBIDDEN'
  | 'ERR_SERVER_NOT_FOUND'
  | 'ERR_SERVER_CONFLICT'
  | 'ERR_SERVER_THROTTLED'
  | 'ERR_SERVER_FAILED'
  // work accounts (`tessera work`, `tessera approve`)
  | 'ERR_WORK_SERVER_INVALID'
  | 'ERR_WORK_SIGN_IN_EXPIRED'
  | 'ERR_WORK_SIGN_IN_DENIED'
  | 'ERR_WORK_SIGN_IN_REQUIRED'
  | 'ERR_WORK_ACCOUNT_MISMATCH'
  | 'ERR_WORK_DEVICE_REVOKED'
  | 'ERR_WORK_APPROVAL_EXPIRED'
  | 'ERR_WORK_APPROVAL_DECIDED'
  | 'ERR_WORK_NUMBER_MISMATCH';

/** Base class of every error raised by the CLI for conditions outside the caller's control. */
export class CliError extends Error {
  override readonly name: string = 'CliError';
  readonly code: CliErrorCode;

  constructor(code: CliErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/**
 * True when `value` is a {@link CliError}, optionally with the given code.
 *
 * @example
 * ```ts
 * try { await store.read(); } catch (e) { if (isCliError(e, 'ERR_VAULT_NOT_FOUND')) console.error('run `tessera init`'); }
 * ```
 */
export function isCliError(value: unknown, code?: CliErrorCode): value is CliError {
  return value instanceof CliError && (code === undefined || value.code === code);
}
