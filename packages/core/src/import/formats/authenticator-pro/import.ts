/**
 * `importAuthenticatorPro`: Authenticator Pro / Stratum backups (`.authpro`, `.json`) — plain
 * JSON, or encrypted in the current or the legacy layout, told apart by their 16-byte header
 * (see `decrypt.ts`).
 *
 * @module
 */
import { invalidFile } from '../../internal/fail.js';
import { parseImportJson } from '../../internal/json.js';
import { checkImportSize } from '../../internal/limits.js';
import type { ImportInput, ParsedImport } from '../../types.js';
import { requirePassword } from '../internal/errors.js';
import { kdfsOf } from '../internal/kdf.js';
import { readAuthenticators } from './authenticators.js';
import { AUTHENTICATOR_PRO_NAME, decryptAuthenticatorPro, encryptedLayout } from './decrypt.js';

const fail = invalidFile(AUTHENTICATOR_PRO_NAME);

/**
 * Reads an Authenticator Pro / Stratum backup, every authenticator in the app's order as an
 * account or a failure with its reason.
 *
 * @example
 * ```ts
 * const parsed = await importAuthenticatorPro({ bytes: await readFile('backup.authpro'), password: 'pw' });
 * ```
 * @throws {CoreError} `ERR_IMPORT_PASSWORD_REQUIRED` for an encrypted backup without a password;
 *   `ERR_IMPORT_PASSWORD_WRONG` when the password does not open it; `ERR_IMPORT_TOO_LARGE` over
 *   64 MiB; `ERR_IMPORT_INVALID` for anything else unreadable.
 */
export async function importAuthenticatorPro(input: ImportInput): Promise<ParsedImport> {
  checkImportSize(input.bytes);
  const layout = encryptedLayout(input.bytes);
  const document =
    layout === undefined
      ? parseImportJson(input.bytes, fail)
      : await decryptAuthenticatorPro(input.bytes, layout, requirePassword(input.password, AUTHENTICATOR_PRO_NAME), kdfsOf(input.kdfs), fail);
  const { entries, warnings } = readAuthenticators(document, fail);
  return { format: 'authenticator-pro', entries, warnings };
}
