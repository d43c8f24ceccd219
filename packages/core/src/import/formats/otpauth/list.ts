/**
 * Lists of `otpauth://` URIs, one per line: what most apps export as "plain text" (Aegis,
 * FreeOTP+, 2FAS, Ente's plain export), and the decrypted content of Ente's encrypted one.
 * Blank lines and `#` comments are skipped; every other line is one entry, reported by its line
 * number, and a bad line never stops the others.
 *
 * Ente's `codeDisplay` extras are kept: pinned → favourite, tags → groups, note → note, and its
 * manual order, when the person set one, becomes the import order. A code in Ente's trash is
 * still imported — a deleted secret cannot be recovered, an unwanted account can be removed —
 * into a group named "Trash", with a warning saying so.
 *
 * @module
 */
import { CoreError } from '../../../errors.js';
import { parseOtpauthUri } from '../../../uri/parse.js';
import type { OtpauthUri } from '../../../uri/types.js';
import { entryName, readEntry, type AccountDraft, type Warn } from '../../internal/entries.js';
import { invalidFile } from '../../internal/fail.js';
import { decodeImportText, meaningfulLines, type NumberedLine } from '../../internal/text.js';
import type { FailedEntry, Importer, ImportFormat, ParsedEntry, ParsedImport } from '../../types.js';
import { readEnteDisplay } from './ente-display.js';

const TITLE = 'list of otpauth URIs';

/** The group Ente's trashed codes are imported into. */
export const ENTE_TRASH_GROUP = 'Trash';

interface ReadLine {
  readonly entry: ParsedEntry | FailedEntry;
  /** Ente's manual position, when the line carried one. */
  readonly position?: number;
}

function draftOf(uri: OtpauthUri, text: string, warn: Warn): { draft: AccountDraft; position?: number } {
  const display = readEnteDisplay(text, warn);
  const base = { issuer: uri.issuer, label: uri.label, otp: uri.otp, ...(uri.icon === undefined ? {} : { icon: uri.icon }) };
  if (display === undefined) return { draft: base };
  if (display.trashed) warn(`was in Ente's trash; imported into the group "${ENTE_TRASH_GROUP}".`);
  const groups = display.trashed ? [...display.tags, ENTE_TRASH_GROUP] : display.tags;
  return { draft: { ...base, groups, note: display.note, favourite: display.pinned }, position: display.position };
}

function readLine({ line, text }: NumberedLine, warnings: string[]): ReadLine {
  const fallback = `line ${line}`;
  let uri: OtpauthUri;
  try {
    uri = parseOtpauthUri(text);
  } catch (error) {
    if (!(error instanceof CoreError)) throw error;
    return { entry: { ok: false, index: line, name: fallback, code: error.code, reason: error.message } };
  }
  let position: number | undefined;
  const entry = readEntry(line, entryName(uri.issuer, uri.label, fallback), (warn) => {
    const read = draftOf(uri, text, warn);
    position = read.position;
    return read.draft;
  }, warnings);
  return position === undefined ? { entry } : { entry, position };
}

/**
 * Entries in Ente's manual order when one was set (any position above 0), else in file order.
 * A line without a position (a failure, a URI from elsewhere) stays right after the line before
 * it, so a report still reads in a sensible order.
 */
function inManualOrder(lines: readonly ReadLine[]): (ParsedEntry | FailedEntry)[] {
  if (!lines.some((l) => (l.position ?? 0) > 0)) return lines.map((l) => l.entry);
  let carried = 0;
  const keyed = lines.map((l, i) => {
    carried = l.position ?? carried;
    return { entry: l.entry, key: carried, i };
  });
  keyed.sort((a, b) => a.key - b.key || a.i - b.i);
  return keyed.map((k) => k.entry);
}

/**
 * Reads a text of otpauth URIs, one per line, as `format` (`otpauth`, or `ente` for the
 * decrypted content of Ente's encrypted export). Never throws for a bad line; only for more
 * than `MAX_IMPORT_ENTRIES` lines (`ERR_IMPORT_INVALID`).
 *
 * @example
 * ```ts
 * parseOtpauthList('otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP\n').entries[0];
 * // { ok: true, index: 1, name: 'GitHub (alice)', account: { issuer: 'GitHub', label: 'alice', otp: … } }
 * ```
 */
export function parseOtpauthList(text: string, format: ImportFormat = 'otpauth'): ParsedImport {
  const warnings: string[] = [];
  const lines = meaningfulLines(text, invalidFile(TITLE)).map((line) => readLine(line, warnings));
  return { format, entries: inManualOrder(lines), warnings };
}

/** Text files of otpauth URIs, one per line (Ente's plain export included). */
export const otpauthImporter: Importer = {
  format: 'otpauth',
  title: TITLE,
  parse: (input) => parseOtpauthList(decodeImportText(input.bytes, invalidFile(TITLE))),
};
