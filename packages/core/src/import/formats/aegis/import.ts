/**
 * `importAegis`: Aegis vault files (`aegis-backup-*.json`, `aegis-export-*.json`), plain or
 * encrypted. The outer file is `{version: 1, header: {slots, params}, db}`: both header fields
 * `null` means `db` is the plain database object; otherwise `db` is sealed (see `decrypt.ts`).
 *
 * @module
 */
import type { ImportInput, ParsedImport } from '../../types.js';
import { checkFileSize, invalidFile, requirePassword } from '../internal/errors.js';
import { asObject, member, parseJson, requiredInteger } from '../internal/json.js';
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
  checkFileSize(input.bytes, AEGIS_NAME);
  const file = asObject(parseJson(input.bytes, fail), 'the file', fail);
  const version = requiredInteger(file, 'version', 'file', fail, 0, Number.MAX_SAFE_INTEGER);
  if (version !== 1) fail(`file version ${version} is not supported (only 1).`);
  const header = asObject(member(file, 'header'), 'header', fail);
  const slots = member(header, 'slots');
  const params = member(header, 'params');
  let db: unknown = member(file, 'db');
  if (slots !== null || params !== null) {
    if (!Array.isArray(slots) || params === null) fail('header.slots and header.params must both be null (plain) or both be set (encrypted).');
    const password = requirePassword(input.password, AEGIS_NAME);
    const plaintext = await decryptAegisDb(header, db, password, kdfsOf(input.kdfs), fail);
    db = parseJson(plaintext, fail);
  }
  const { entries, warnings } = readAegisDb(db, fail);
  return { format: 'aegis', entries, warnings };
}
