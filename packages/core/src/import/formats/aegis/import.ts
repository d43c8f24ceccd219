/**
 * `importAegis`: Aegis vault files (`aegis-backup-*.json`, `aegis-export-*.json`), plain or
 * encrypted. The outer file is `{version: 1, header: {slots, params}, db}`: both header fields
 * `null` means `db` is the plain database object; otherwise `db` is sealed (see `decrypt.ts`).
 *
 * @module
 */
import { invalidFile } from '../../internal/fail.js';
import { parseImportJson, readObject } from '../../internal/json.js';
import type { ImportInput, ParsedImport } from '../../types.js';
import { requirePassword } from '../internal/errors.js';
import { kdfsOf } from '../internal/kdf.js';
import { readAegisDb } from './db.js';
import { AEGIS_NAME, decryptAegisDb } from './decrypt.js';

const fail = invalidFile(AEGIS_NAME);

/**
 * Reads an Aegis vault. Every entry comes back, in order, as an account or a failure with its reason.
 *
 * @example
 * ```ts
 * const parsed = await importAegis({ bytes: await readFile('aegis-backup.json'), password: 'correct horse' });
 * for (const entry of parsed.entries) console.log(entry.index, entry.name, entry.ok ? '✓' : entry.reason);
 * ```
 * @throws {CoreError} `ERR_IMPORT_PASSWORD_REQUIRED` for an encrypted vault without a password;
 *   `ERR_IMPORT_PASSWORD_WRONG` when no password slot opens with it; `ERR_IMPORT_TOO_LARGE` over
 *   64 MiB; `ERR_IMPORT_INVALID` for anything else unreadable, including scrypt parameters out
 *   of range (checked before any key is derived) and a database version above 3.
 */
export async function importAegis(input: ImportInput): Promise<ParsedImport> {
  const file = readObject(parseImportJson(input.bytes, fail), 'the file', fail);
  const version = file.integer('version');
  if (version !== 1) fail(`file version ${version} is not supported (only 1).`);
  const header = file.object('header');
  const plain = header.raw('slots') === null && header.raw('params') === null;
  let db = file.raw('db');
  if (!plain) {
    if (!header.has('slots') || !header.has('params')) fail('header.slots and header.params must both be null (plain) or both be set (encrypted).');
    const password = requirePassword(input.password, AEGIS_NAME);
    db = parseImportJson(await decryptAegisDb(file, password, kdfsOf(input.kdfs), fail), fail);
  }
  const { entries, warnings } = readAegisDb(db, fail);
  return { format: 'aegis', entries, warnings };
}
