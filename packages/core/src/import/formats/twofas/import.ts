/**
 * `importTwoFas`: 2FAS backups (`.2fas`), plain or encrypted, schema versions 1 to 4. A plain
 * file lists its services in `services`; an encrypted one leaves `services` empty and carries
 * `servicesEncrypted` and `reference` (see `decrypt.ts`).
 *
 * @module
 */
import { invalidFile } from '../../internal/fail.js';
import { parseImportJson, readObject } from '../../internal/json.js';
import type { ImportInput, ParsedImport } from '../../types.js';
import { requirePassword } from '../internal/errors.js';
import { kdfsOf } from '../internal/kdf.js';
import { decryptTwoFasServices, TWOFAS_NAME } from './decrypt.js';
import { readTwoFasServices, twoFasGroups } from './services.js';

/** The newest 2FAS backup schema this importer reads (`BackupContent.CurrentSchema`). */
export const TWOFAS_SCHEMA_VERSION = 4;

const fail = invalidFile(TWOFAS_NAME);

/**
 * Reads a 2FAS backup. Every service comes back, in 2FAS's order, as an account or a failure
 * with its reason.
 *
 * @example
 * ```ts
 * const parsed = await importTwoFas({ bytes: await readFile('2fas-backup.2fas'), password: 'hunter2' });
 * ```
 * @throws {CoreError} `ERR_IMPORT_PASSWORD_REQUIRED` for an encrypted backup without a password;
 *   `ERR_IMPORT_PASSWORD_WRONG` when the password does not open `reference`;
 *   `ERR_IMPORT_TOO_LARGE` over 64 MiB; `ERR_IMPORT_INVALID` for anything else unreadable,
 *   including a schema version outside 1–4.
 */
export async function importTwoFas(input: ImportInput): Promise<ParsedImport> {
  const file = readObject(parseImportJson(input.bytes, fail), 'the file', fail);
  const schema = file.integer('schemaVersion');
  if (schema < 1 || schema > TWOFAS_SCHEMA_VERSION) fail(`schema version ${schema} is not supported (1 to ${TWOFAS_SCHEMA_VERSION}).`);
  const groups = twoFasGroups(file, fail);
  let services = file.raw('services');
  if (file.has('servicesEncrypted')) {
    const password = requirePassword(input.password, TWOFAS_NAME);
    services = parseImportJson(await decryptTwoFasServices(file, password, kdfsOf(input.kdfs), fail), fail);
  } else if (file.has('reference') && file.string('reference').trim() !== '') {
    fail('it has a password reference but no encrypted services.');
  }
  const { entries, warnings } = readTwoFasServices(services, groups, fail);
  return { format: '2fas', entries, warnings };
}
