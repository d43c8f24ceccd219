/**
 * `importEnte`: Ente Auth exports (`ente-auth-codes-*.txt`). The encrypted export is JSON (see
 * `decrypt.ts`); its plaintext, like the plain export, is a list of otpauth URIs with Ente's
 * `codeDisplay` extras, read by the otpauth list importer.
 *
 * @module
 */
import { invalidFile } from '../../internal/fail.js';
import { parseImportJsonText, readObject } from '../../internal/json.js';
import { decodeImportText } from '../../internal/text.js';
import type { Importer, ImportInput, ParsedImport } from '../../types.js';
import { requirePassword } from '../internal/errors.js';
import { kdfsOf } from '../internal/kdf.js';
import { parseOtpauthList } from '../otpauth/list.js';
import { decryptEnte, ENTE_NAME } from './decrypt.js';

const fail = invalidFile(ENTE_NAME);

/**
 * Reads an Ente Auth export, encrypted or plain, every code in Ente's order as an account or a
 * failure with its reason.
 *
 * @example
 * ```ts
 * const parsed = await importEnte({ bytes: await readFile('ente-auth-codes-2025-01-01.txt'), password: 'pw' });
 * ```
 * @throws {CoreError} `ERR_IMPORT_PASSWORD_REQUIRED` for an encrypted export without a password;
 *   `ERR_IMPORT_PASSWORD_WRONG` when the password does not open it; `ERR_IMPORT_TOO_LARGE` over
 *   64 MiB; `ERR_IMPORT_INVALID` for anything else unreadable, including Argon2id parameters
 *   out of range (above 1 GiB, or memory × passes above 1 GiB × 4), refused before derivation.
 */
export async function importEnte(input: ImportInput): Promise<ParsedImport> {
  const text = decodeImportText(input.bytes, fail);
  if (!text.trimStart().startsWith('{')) return parseOtpauthList(text, 'ente');
  const file = readObject(parseImportJsonText(text, fail), 'the file', fail);
  const version = file.integer('version');
  if (version !== 1) fail(`export version ${version} is not supported (only 1).`);
  const password = requirePassword(input.password, ENTE_NAME);
  const plaintext = await decryptEnte(file, password, kdfsOf(input.kdfs), fail);
  return parseOtpauthList(decodeImportText(plaintext, fail), 'ente');
}

/** Ente Auth exports, encrypted or plain. */
export const enteImporter: Importer = { format: 'ente', title: ENTE_NAME, parse: importEnte };
