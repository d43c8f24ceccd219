/**
 * Reading an export as text: size cap first, then strict UTF-8 (a malformed byte means the file
 * is not the text export it claims to be, and guessing a replacement could alter a secret), a
 * leading byte-order mark dropped (Windows editors add one), and line splitting that keeps each
 * line's number so a report can point at it.
 *
 * @module
 */
import type { Fail } from '../../internal/json.js';
import { checkImportSize } from './limits.js';

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
 * ending is accepted (`\n`, `\r\n`, lone `\r`).
 */
export function meaningfulLines(text: string): NumberedLine[] {
  const lines: NumberedLine[] = [];
  text.split(/\r\n|\n|\r/).forEach((raw, i) => {
    const trimmed = raw.trim();
    if (trimmed !== '' && !trimmed.startsWith('#')) lines.push({ line: i + 1, text: trimmed });
  });
  return lines;
}
