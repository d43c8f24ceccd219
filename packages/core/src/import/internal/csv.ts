/**
 * CSV as RFC 4180 defines it, read leniently where exporters differ: fields separated by commas,
 * records by CRLF or a bare LF/CR, a field in double quotes may hold commas, line breaks and
 * doubled quotes (`""`). A quote that never closes means the file was cut off, which fails
 * through the caller's {@link Fail}; a stray quote inside an unquoted field is kept as text, as
 * spreadsheet programs do.
 *
 * @module
 */
import type { Fail } from '../../internal/json.js';
import { checkEntryCount } from './limits.js';

/** One record and the 1-based line it starts on. */
export interface CsvRecord {
  readonly line: number;
  readonly fields: readonly string[];
}

interface Cursor {
  readonly text: string;
  at: number;
  line: number;
}

/** Reads a quoted field starting after its opening quote; leaves the cursor after the closing one. */
function quotedField(c: Cursor, fail: Fail): string {
  const start = c.line;
  let value = '';
  for (;;) {
    const close = c.text.indexOf('"', c.at);
    if (close < 0) return fail(`the quoted field starting on line ${start} never ends.`);
    const chunk = c.text.slice(c.at, close);
    c.line += (chunk.match(/\r\n|\n|\r/g) ?? []).length;
    value += chunk;
    c.at = close + 1;
    if (c.text[c.at] !== '"') return value;
    value += '"';
    c.at++;
  }
}

/** Reads an unquoted field; leaves the cursor on the comma, line break or end. */
function plainField(c: Cursor): string {
  const rest = /[,\r\n]/g;
  rest.lastIndex = c.at;
  const end = rest.exec(c.text)?.index ?? c.text.length;
  const value = c.text.slice(c.at, end);
  c.at = end;
  return value;
}

/** Consumes one line break at the cursor, if any; true when it did. */
function lineBreak(c: Cursor): boolean {
  if (c.text.startsWith('\r\n', c.at)) c.at += 2;
  else if (c.text[c.at] === '\n' || c.text[c.at] === '\r') c.at += 1;
  else return false;
  c.line++;
  return true;
}

function record(c: Cursor, fail: Fail): string[] {
  const fields: string[] = [];
  for (;;) {
    if (c.text[c.at] === '"') {
      c.at++;
      // Text between a closing quote and the next separator is kept, as spreadsheets do.
      fields.push(quotedField(c, fail) + plainField(c));
    } else {
      fields.push(plainField(c));
    }
    if (c.text[c.at] !== ',') return fields;
    c.at++;
  }
}

/**
 * The records of `text`, blank lines skipped.
 *
 * @throws whatever `fail` raises for a quoted field that never ends, or more than
 *   `MAX_IMPORT_ENTRIES` records.
 */
export function parseCsv(text: string, fail: Fail): CsvRecord[] {
  const c: Cursor = { text, at: 0, line: 1 };
  const records: CsvRecord[] = [];
  while (c.at < text.length) {
    if (lineBreak(c)) continue;
    const line = c.line;
    const fields = record(c, fail);
    if (fields.length > 1 || fields[0] !== '') records.push({ line, fields });
    checkEntryCount(records.length, fail);
    lineBreak(c);
  }
  return records;
}
