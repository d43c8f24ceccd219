/**
 * Finding accounts by what a person types. A query is tried against tiers, and the first tier
 * with any match wins, so an exact name is never drowned out by looser matches:
 *
 * 1. `#N` — the N-th account in display order (1-based), e.g. `#3`;
 * 2. the full id (case-insensitive);
 * 3. exact names, case-insensitive: `Issuer:Label` (spaces around the colon ignored), the
 *    issuer alone, or the label alone — together with ids that start with the query when it is
 *    at least 4 characters of id alphabet (hex digits and dashes);
 * 4. a case-insensitive substring of `Issuer Label`.
 *
 * Matches come back in display order. An empty query matches nothing.
 *
 * @module
 */
import { CoreError } from '../errors.js';
import { orderedAccounts } from './order.js';
import type { Account, Vault } from './types.js';

const POSITION_QUERY = /^#([1-9][0-9]*)$/;
const ID_PREFIX_QUERY = /^[0-9a-f-]{4,}$/;
const MAX_LISTED = 10;

function fold(text: string): string {
  return text.normalize('NFC').toLowerCase().replace(/\s*:\s*/g, ':');
}

function exactMatch(account: Account, q: string): boolean {
  const issuer = fold(account.issuer);
  const label = fold(account.label);
  return q === `${issuer}:${label}` || q === issuer || q === label;
}

/**
 * Every account matching `query`, in display order (see the module doc for the syntax).
 *
 * @example
 * ```ts
 * findAccounts(vault, 'github');        // accounts whose issuer or label is "GitHub", else containing it
 * findAccounts(vault, 'GitHub:alice');  // the exact issuer + label
 * findAccounts(vault, '#2');            // the second account shown
 * ```
 */
export function findAccounts(vault: Vault, query: string): Account[] {
  const q = fold(query.trim());
  if (q.length === 0) return [];
  const order = orderedAccounts(vault);
  const byPosition = POSITION_QUERY.exec(q);
  if (byPosition) {
    const account = order[Number(byPosition[1]) - 1];
    return account === undefined ? [] : [account];
  }
  const byId = order.filter((a) => a.id.toLowerCase() === q);
  if (byId.length > 0) return byId;
  const isIdPrefix = ID_PREFIX_QUERY.test(q);
  const exact = order.filter((a) => exactMatch(a, q) || (isIdPrefix && a.id.toLowerCase().startsWith(q)));
  if (exact.length > 0) return exact;
  return order.filter((a) => fold(`${a.issuer} ${a.label}`).includes(q));
}

/**
 * The one account matching `query`.
 *
 * @example
 * ```ts
 * resolveAccount(vault, 'GitHub:alice').id;
 * ```
 * @throws {CoreError} `ERR_ACCOUNT_NOT_FOUND` when nothing matches; `ERR_ACCOUNT_AMBIGUOUS` when
 *   several do — the message lists them as `#N Issuer (label)`, never anything secret.
 */
export function resolveAccount(vault: Vault, query: string): Account {
  const matches = findAccounts(vault, query);
  const [first] = matches;
  if (first === undefined) {
    throw new CoreError('ERR_ACCOUNT_NOT_FOUND', `No account matches "${query.trim()}".`);
  }
  if (matches.length > 1) {
    throw new CoreError(
      'ERR_ACCOUNT_AMBIGUOUS',
      `"${query.trim()}" matches ${matches.length} accounts: ${describeCandidates(vault, matches)}.`,
    );
  }
  return first;
}

/** `#N Issuer (label)` for each candidate, at most {@link MAX_LISTED} of them. */
function describeCandidates(vault: Vault, matches: readonly Account[]): string {
  const order = orderedAccounts(vault);
  const listed = matches.slice(0, MAX_LISTED).map((a) => {
    const n = order.findIndex((b) => b.id === a.id) + 1;
    return a.issuer === '' ? `#${n} ${a.label}` : `#${n} ${a.issuer} (${a.label})`;
  });
  const more = matches.length - listed.length;
  return more > 0 ? `${listed.join(', ')} and ${more} more` : listed.join(', ');
}
