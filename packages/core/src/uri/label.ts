/**
 * The label of an otpauth URI: `accountname` or `issuer ":" *"%20" accountname` (Key Uri Format).
 * The issuer prefix is split off only when the decoded label holds exactly one colon (a literal
 * `:` or `%3A`), as Aegis does: with two or more the split point is a guess, so the whole label is
 * kept as the account name rather than cutting someone's name in the wrong place.
 *
 * @module
 */
import { percentEncode } from './percent.js';

/** A decoded label, split into its optional issuer prefix and the account name. */
export interface SplitLabel {
  /** The text before the colon; absent without exactly one colon, `''` for `%3Aname`. */
  readonly prefix?: string;
  readonly account: string;
}

/**
 * Splits a decoded label. Spaces after the separator are dropped, as the format allows them
 * there (`Big%20Corporation%3A%20alice%40bigco.com`).
 *
 * @example
 * ```ts
 * splitLabel('Big Corporation: alice@bigco.com'); // { prefix: 'Big Corporation', account: 'alice@bigco.com' }
 * ```
 */
export function splitLabel(label: string): SplitLabel {
  const parts = label.split(':');
  if (parts.length !== 2) {
    return { account: label };
  }
  const [prefix = '', account = ''] = parts;
  return { prefix, account: account.replace(/^ +/, '') };
}

/** Number of `:` in `text`. */
export function countColons(text: string): number {
  return text.split(':').length - 1;
}

/**
 * Writes the label, with the issuer prefix whenever a reader would split it back exactly: not
 * when the issuer is empty or holds a colon, nor when the account name holds colons (the colon
 * count would change) or starts with a space (readers drop spaces after the separator). Without
 * the prefix the `issuer` parameter alone carries the issuer, which is what the parser prefers.
 * The label must not hold exactly one colon; the formatter checks that first.
 */
export function formatLabel(issuer: string, account: string): string {
  const withPrefix = issuer !== '' && !issuer.includes(':') && !account.includes(':') && !account.startsWith(' ');
  return withPrefix ? `${percentEncode(issuer)}:${percentEncode(account)}` : percentEncode(account);
}
