/**
 * `importProton`: Proton Authenticator exports, plain (`{version, entries}`) or password-protected
 * (`{version, salt, content}`, told apart as Proton does: `salt` and `content` present and
 * `entries` absent; see `decrypt.ts`).
 *
 * @module
 */
import { invalidFile } from '../../internal/fail.js';
import { parseImportJson, readObject } from '../../internal/json.js';
import type { ImportInput, ParsedImport } from '../../types.js';
import { requirePassword } from '../internal/errors.js';
import { kdfsOf } from '../internal/kdf.js';
import { decryptProton, PROTON_NAME } from './decrypt.js';
import { readProtonEntries } from './entries.js';

const fail = invalidFile(PROTON_NAME);

/**
 * Reads a Proton Authenticator export, every entry in order as an account or a failure with
 * its reason.
 *
 * @example
 * ```ts
 * const parsed = await importProton({ bytes: await readFile('proton_authenticator_backup.json'), password: 'pw' });
 * ```
 * @throws {CoreError} `ERR_IMPORT_PASSWORD_REQUIRED` for a protected export without a password;
 *   `ERR_IMPORT_PASSWORD_WRONG` when the password does not open it; `ERR_IMPORT_TOO_LARGE` over
 *   64 MiB; `ERR_IMPORT_INVALID` for anything else unreadable.
 */
export async function importProton(input: ImportInput): Promise<ParsedImport> {
  const value = parseImportJson(input.bytes, fail);
  const file = readObject(value, 'the file', fail);
  let plain: unknown = value;
  if (file.has('salt') && file.has('content') && !file.has('entries')) {
    const version = file.integer('version');
    if (version !== 1) fail(`export version ${version} is not supported (only 1).`);
    const password = requirePassword(input.password, PROTON_NAME);
    plain = parseImportJson(await decryptProton(file, password, kdfsOf(input.kdfs), fail), fail);
  }
  const { entries, warnings } = readProtonEntries(plain, fail);
  return { format: 'proton', entries, warnings };
}
