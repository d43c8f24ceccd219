/**
 * Shared text formatting for account lines and codes, so every command names accounts and shows
 * codes the same way.
 *
 * @module
 */
import type { Account } from '@tessera/core';

/** "Issuer (label)", or just the label when there is no issuer. Never includes secrets. */
export function accountName(account: Pick<Account, 'issuer' | 'label'>): string {
  return account.issuer === '' ? account.label : `${account.issuer} (${account.label})`;
}

/** Groups digits for reading aloud: `123 456`, `1234 5678`, `123 4567`; Steam codes unchanged. */
export function groupCode(code: string): string {
  if (!/^\d+$/.test(code) || code.length < 6) return code;
  const head = Math.floor(code.length / 2);
  return `${code.slice(0, head)} ${code.slice(head)}`;
}

let segmenter: Intl.Segmenter | undefined;

/** Length in user-perceived characters (grapheme clusters), so names with emoji or accents line up. */
export function displayLength(text: string): number {
  // ASCII needs no segmentation; creating a Segmenter loads ICU data (~10 ms), so only on demand.
  // eslint-disable-next-line no-control-regex -- the range is the whole of ASCII, not control characters
  if (/^[\x00-\x7f]*$/.test(text)) return text.length;
  segmenter ??= new Intl.Segmenter();
  return Array.from(segmenter.segment(text)).length;
}

/** Pads `text` to `width` display columns. */
export function pad(text: string, width: number): string {
  const length = displayLength(text);
  return length >= width ? text : text + ' '.repeat(width - length);
}

/** Lays out rows as left-aligned columns separated by two spaces. */
export function table(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, index) => {
      widths[index] = Math.max(widths[index] ?? 0, displayLength(cell));
    });
  }
  return rows.map((row) =>
    row
      .map((cell, index) => (index === row.length - 1 ? cell : pad(cell, widths[index] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}
