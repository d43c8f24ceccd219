/**
 * The bounds every importer applies before it looks at an export, because the file comes from
 * anywhere: a size cap checked before decoding, and a nesting cap for JSON. Real exports are far
 * below both (a 10,000-entry Aegis vault with icons is a few MiB and five levels deep), so the
 * caps only ever stop hostile or broken files, and they stop them before any work is spent.
 *
 * @module
 */
import { CoreError } from '../../errors.js';
import type { Fail } from '../../internal/json.js';

/**
 * The largest export Tessera reads, in bytes (64 MiB).
 *
 * @example
 * ```ts
 * if ((await stat(file)).size > MAX_IMPORT_BYTES) throw new Error('too large to be an export');
 * ```
 */
export const MAX_IMPORT_BYTES: number = 64 * 1024 * 1024;

/** The deepest nesting of JSON arrays and objects an import may have. */
export const MAX_JSON_DEPTH = 64;

/**
 * The most entries (lines, rows, list items) an import may have: far above any real collection
 * of accounts, low enough that a file of a million one-character lines is refused before a
 * million entries, each with its report line, are built.
 */
export const MAX_IMPORT_ENTRIES = 100_000;

/** Fails through `fail` when `count` is above {@link MAX_IMPORT_ENTRIES}. */
export function checkEntryCount(count: number, fail: Fail): void {
  if (count > MAX_IMPORT_ENTRIES) fail(`it has more than ${MAX_IMPORT_ENTRIES} entries.`);
}

/**
 * Throws `ERR_IMPORT_TOO_LARGE` when `bytes` is longer than {@link MAX_IMPORT_BYTES}.
 *
 * @throws {TypeError} when `bytes` is not a `Uint8Array` (a caller mistake).
 */
export function checkImportSize(bytes: Uint8Array): void {
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError('The import must be a Uint8Array.');
  }
  if (bytes.length > MAX_IMPORT_BYTES) {
    throw new CoreError('ERR_IMPORT_TOO_LARGE', `The file is larger than ${MAX_IMPORT_BYTES} bytes; no export is that large.`);
  }
}
