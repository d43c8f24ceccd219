/**
 * The errors every importer of an encrypted or structured export raises, worded the same way
 * for each format: the file as a whole is unreadable (`ERR_IMPORT_INVALID`), a password is needed
 * (`ERR_IMPORT_PASSWORD_REQUIRED`) or the one given does not open it (`ERR_IMPORT_PASSWORD_WRONG`),
 * or the file is larger than any real export (`ERR_IMPORT_TOO_LARGE`). Messages name the format
 * and the place in the file, never a value: a value might be a secret.
 *
 * @module
 */
import { CoreError } from '../../../errors.js';

/** Raises an error for the current context; `cause` carries the underlying error. */
export type Fail = (message: string, cause?: unknown) => never;

/** The largest export any importer reads (icons make real Aegis vaults a few MiB at most). */
export const MAX_IMPORT_FILE_BYTES: number = 64 * 1024 * 1024;

/** A {@link Fail} that raises `ERR_IMPORT_INVALID` with the format's name in front. */
export function invalidFile(formatName: string): Fail {
  return (message, cause) => {
    throw new CoreError('ERR_IMPORT_INVALID', `The ${formatName} is not readable: ${message}`, cause === undefined ? undefined : { cause });
  };
}

/** A {@link Fail} for one entry: `ERR_IMPORT_ENTRY_INVALID`; the caller records it against the entry. */
export const invalidEntry: Fail = (message, cause) => {
  throw new CoreError('ERR_IMPORT_ENTRY_INVALID', message, cause === undefined ? undefined : { cause });
};

/** The password for an encrypted export, or `ERR_IMPORT_PASSWORD_REQUIRED` when none was given. */
export function requirePassword(password: string | undefined, formatName: string): string {
  if (password === undefined) {
    throw new CoreError('ERR_IMPORT_PASSWORD_REQUIRED', `The ${formatName} is encrypted: a password is needed.`);
  }
  if (typeof password !== 'string') throw new TypeError('password must be a string.');
  return password;
}

/** `ERR_IMPORT_PASSWORD_WRONG`, raised before anything is read from the content. */
export function wrongPassword(formatName: string): CoreError {
  return new CoreError('ERR_IMPORT_PASSWORD_WRONG', `The password does not open the ${formatName}.`);
}

/** `ERR_IMPORT_TOO_LARGE` unless `bytes` is at most {@link MAX_IMPORT_FILE_BYTES}. */
export function checkFileSize(bytes: Uint8Array, formatName: string): void {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('bytes must be a Uint8Array.');
  if (bytes.length > MAX_IMPORT_FILE_BYTES) {
    throw new CoreError('ERR_IMPORT_TOO_LARGE', `The ${formatName} is larger than ${MAX_IMPORT_FILE_BYTES} bytes.`);
  }
}
