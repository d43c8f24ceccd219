/**
 * `importFile`: read an export of any supported format into a {@link ParsedImport}, detecting
 * the format from the content when the caller does not name it. Nothing is applied here: the
 * result goes to `planImport` (a preview) and then `applyImport`.
 *
 * @module
 */
import { CoreError } from '../errors.js';
import { detectFormatParsing, type Detected } from './detect.js';
import { isImportFormat } from './format.js';
import { withParsedJson } from './internal/json.js';
import { checkImportSize } from './internal/limits.js';
import { importers } from './registry.js';
import type { ImportFormat, ImportInput, ParsedImport } from './types.js';

/**
 * Reads an export: every entry, in the source's order, as an account or a failure with its
 * reason. File-level problems throw before anything is returned.
 *
 * @example
 * ```ts
 * const parsed = await importFile({ bytes: await readFile('aegis.json'), name: 'aegis.json', password });
 * const plan = planImport(vault, parsed);
 * ```
 * @throws {CoreError} `ERR_IMPORT_TOO_LARGE` above 64 MiB; `ERR_IMPORT_FORMAT_UNKNOWN` when the
 *   format cannot be recognised or has no importer in the core (`tessera`, see `ImportFormat`);
 *   `ERR_IMPORT_INVALID` for a malformed, truncated or hostile file;
 *   `ERR_IMPORT_PASSWORD_REQUIRED` / `ERR_IMPORT_PASSWORD_WRONG` for encrypted exports.
 * @throws {TypeError} when `format` is not an {@link ImportFormat} or `bytes` not a `Uint8Array`.
 */
export async function importFile(input: ImportInput, format?: ImportFormat): Promise<ParsedImport> {
  checkImportSize(input.bytes);
  if (format !== undefined && !isImportFormat(format)) {
    throw new TypeError(`Unknown import format: ${String(format)}.`);
  }
  const detected: Detected = format === undefined ? detectFormatParsing(input) : { format };
  const importer = importers[detected.format];
  if (importer === undefined) {
    throw new CoreError('ERR_IMPORT_FORMAT_UNKNOWN', `No importer of the core reads ${detected.format} files.`);
  }
  const { json } = detected;
  return json === undefined ? importer.parse(input) : withParsedJson(input.bytes, json.value, () => importer.parse(input));
}
