/**
 * The two ways an import fails. A problem with the file as a whole — not the format it claims,
 * truncated, hostile — is `ERR_IMPORT_INVALID` and stops the import before anything changes. A
 * problem with one entry is `ERR_IMPORT_ENTRY_INVALID`, recorded against that entry while the
 * others go ahead. Both are {@link Fail}s, so the same field readers serve either level.
 *
 * @module
 */
import { CoreError } from '../../errors.js';
import type { Fail } from '../../internal/json.js';

/** A {@link Fail} raising `ERR_IMPORT_INVALID`, the message prefixed with what the file is. */
export function invalidFile(what: string): Fail {
  return (message, cause) => {
    throw new CoreError('ERR_IMPORT_INVALID', `The ${what} is not readable: ${message}`, cause === undefined ? undefined : { cause });
  };
}

/** A {@link Fail} raising `ERR_IMPORT_ENTRY_INVALID`; the importer records it against the entry. */
export const invalidEntry: Fail = (message, cause) => {
  throw new CoreError('ERR_IMPORT_ENTRY_INVALID', message, cause === undefined ? undefined : { cause });
};
