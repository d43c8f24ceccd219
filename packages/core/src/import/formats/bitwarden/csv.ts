/**
 * Bitwarden's CSV export (formats.md §6.2): a header row naming the columns
 * (`folder,favorite,type,name,notes,fields,login_uri,login_username,login_password,login_totp`),
 * then one row per item, RFC 4180 quoting. Columns are found by name, so their order does not
 * matter; `name` and `login_totp` are required. Rows without a TOTP are counted in one warning.
 * A row whose field count differs from the header's is refused rather than read: its values
 * would land in the wrong columns, and a secret read from the wrong column gives wrong codes.
 *
 * @module
 */
import { entryName, readEntry, type AccountDraft } from '../../internal/entries.js';
import { invalidEntry, invalidFile } from '../../internal/fail.js';
import { parseCsv, type CsvRecord } from '../../internal/csv.js';
import { decodeImportText } from '../../internal/text.js';
import type { FailedEntry, Importer, ParsedEntry, ParsedImport } from '../../types.js';
import { draftOfLogin, withoutTotpWarning } from './item.js';

const TITLE = 'Bitwarden CSV export';
const fail = invalidFile(TITLE);
const REQUIRED = ['name', 'login_totp'] as const;

/** Reads a column of a row by name; `''` for a column the header does not have. */
type Row = (column: string) => string;

function rowReader(header: readonly string[], fields: readonly string[]): Row {
  return (column) => {
    const at = header.indexOf(column);
    return at < 0 ? '' : (fields[at] ?? '');
  };
}

function draftOf(record: CsvRecord, header: readonly string[]): AccountDraft {
  if (record.fields.length !== header.length) {
    invalidEntry(`Line ${record.line} has ${record.fields.length} fields where the header has ${header.length}.`);
  }
  const row = rowReader(header, record.fields);
  return draftOfLogin({
    name: row('name'),
    username: row('login_username'),
    totp: row('login_totp'),
    notes: row('notes'),
    favourite: row('favorite') === '1',
    folder: row('folder'),
  });
}

/**
 * Reads a Bitwarden CSV export.
 *
 * @throws {CoreError} `ERR_IMPORT_INVALID` without a header naming `name` and `login_totp`, or
 *   for a quoted field that never ends.
 */
export function parseBitwardenCsv(text: string): ParsedImport {
  const [head, ...rows] = parseCsv(text, fail);
  const header = head?.fields.map((f) => f.trim()) ?? [];
  for (const column of REQUIRED) {
    if (!header.includes(column)) fail(`the header has no ${column} column.`);
  }
  const warnings: string[] = [];
  const entries: (ParsedEntry | FailedEntry)[] = [];
  let withoutTotp = 0;
  for (const record of rows) {
    const row = rowReader(header, record.fields);
    if (row('login_totp').trim() === '') {
      withoutTotp++;
      continue;
    }
    const name = entryName(row('name'), row('login_username'), `line ${record.line}`);
    entries.push(readEntry(record.line, name, () => draftOf(record, header), warnings));
  }
  return { format: 'bitwarden-csv', entries, warnings: [...warnings, ...withoutTotpWarning(withoutTotp)] };
}

/** Bitwarden's CSV export. */
export const bitwardenCsvImporter: Importer = {
  format: 'bitwarden-csv',
  title: TITLE,
  parse: (input) => parseBitwardenCsv(decodeImportText(input.bytes, fail)),
};
