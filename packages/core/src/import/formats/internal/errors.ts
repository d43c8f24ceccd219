/**
 * The password side of encrypted imports, worded the same way for every format: a password is
 * needed (`ERR_IMPORT_PASSWORD_REQUIRED`) or the one given does not open the file
 * (`ERR_IMPORT_PASSWORD_WRONG`). The second is raised as soon as the key fails to authenticate,
 * before anything of the content is read or reported.
 *
 * @module
 */
import { CoreError } from '../../../errors.js';

/** The password for an encrypted export, or `ERR_IMPORT_PASSWORD_REQUIRED` when none was given. */
export function requirePassword(password: string | undefined, formatName: string): string {
  if (password === undefined) {
    throw new CoreError('ERR_IMPORT_PASSWORD_REQUIRED', `The ${formatName} is encrypted: a password is needed.`);
  }
  if (typeof password !== 'string') throw new TypeError('password must be a string.');
  return password;
}

/** `ERR_IMPORT_PASSWORD_WRONG` for `formatName`. */
export function wrongPassword(formatName: string): CoreError {
  return new CoreError('ERR_IMPORT_PASSWORD_WRONG', `The password does not open the ${formatName}.`);
}
