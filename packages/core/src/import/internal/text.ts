/**
 * Reading an export as text: size cap first, then strict UTF-8 (a malformed byte means the file
 * is not the text export it claims to be, and guessing a replacement could alter a secret), a
 * leading byte-order mark dropped (Windows editors add one), and line splitting that keeps each
 * line's number so a report can point at it.
 *
 * @module
 */
import type { Fail } from '../../internal/json.js';
import { checkEntryCount, checkImportSize } from './limits.js';

/** One meaningful line of a text export. */
export interface NumberedLine {
  /** 1-based line number in the file. */
  readonly line: number;
  /** The line without surrounding whitespace; never empty, never a `#` comment. */
  readonly text: string;
}

/**
 * The text of `bytes` as UTF-8, without a leading byte-order mark.
 *
 * @throws {CoreError} `ERR_IMPORT_TOO_LARGE` above the size cap; whatever `fail` raises for
 *   malformed UTF-8.
 */
export function decodeImportText(bytes: Uint8Array, fail: Fail): string {
  checkImportSize(bytes);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    return fail('the file is not valid UTF-8 text.', error);
  }
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

/**
 * The lines of `text` that carry something: blank lines and `#` comments are skipped. Any line
 * ending is accepted (`\n`, `\r\n`, lone `\r`). Lines are found one at a time rather than by
 * splitting, so a file of nothing but line breaks costs no array of empty strings.
 *
 * @throws whatever `fail` raises for more than `MAX_IMPORT_ENTRIES` meaningful lines.
 */
export function meaningfulLines(text: string, fail: Fail): NumberedLine[] {
  const lines: NumberedLine[] = [];
  const breaks = /\r\n|\n|\r/g;
  let start = 0;
  for (let line = 1; ; line++) {
    const found = breaks.exec(text);
    const end = found === null ? text.length : found.index;
    const trimmed = text.slice(start, end).trim();
    if (trimmed !== '' && !trimmed.startsWith('#')) {
      lines.push({ line, text: trimmed });
      checkEntryCount(lines.length, fail);
    }
    if (found === null) return lines;
    start = end + found[0].length;
  }
}
