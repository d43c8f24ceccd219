/**
 * The order of accounts. Order is data: every account carries a unique `position`, and the
 * visible order is ascending position with the id as a tie-break (which only corrupt input
 * needs). Moving renumbers densely from 0, so positions stay small and readable; removing
 * leaves a gap, so deleting one account changes no other account.
 *
 * @module
 */
import { checkNow, compareAccounts, getAccount, withAccounts } from './support.js';
import type { Account, MutationContext, Vault } from './types.js';

/**
 * The accounts in display order.
 *
 * @example
 * ```ts
 * orderedAccounts(vault).map((a) => a.label); // ['alice@example.com', 'bob', …]
 * ```
 */
export function orderedAccounts(vault: Vault): Account[] {
  return [...vault.accounts].sort(compareAccounts);
}

/** The position a new account takes: one past the largest, or 0 in an empty vault. */
export function nextPosition(vault: Vault): number {
  let max = -1;
  for (const account of vault.accounts) max = Math.max(max, account.position);
  if (max >= Number.MAX_SAFE_INTEGER) {
    // Only reachable through hand-edited positions; renumbering with moveAccount fixes it.
    throw new RangeError('Positions are exhausted; move an account to renumber them.');
  }
  return max + 1;
}

/**
 * Moves account `id` to `toIndex` (0-based, in display order) and renumbers every position to
 * 0…n−1. Accounts whose position changes get `updatedAt = ctx.now`.
 *
 * @example
 * ```ts
 * const next = moveAccount(vault, id, 0, { now }); // to the top
 * ```
 * @throws {CoreError} `ERR_ACCOUNT_NOT_FOUND` for an unknown id.
 * @throws {RangeError} when `toIndex` is not an integer in 0…n−1.
 */
export function moveAccount(vault: Vault, id: string, toIndex: number, ctx: MutationContext): Vault {
  const now = checkNow(ctx);
  const moving = getAccount(vault, id);
  const order = orderedAccounts(vault);
  if (!Number.isInteger(toIndex) || toIndex < 0 || toIndex >= order.length) {
    throw new RangeError(`toIndex must be an integer from 0 to ${order.length - 1}.`);
  }
  const rest = order.filter((a) => a.id !== id);
  rest.splice(toIndex, 0, moving);
  const renumbered = rest.map((account, position) =>
    account.position === position && account.id !== id ? account : { ...account, position, updatedAt: now },
  );
  return withAccounts(vault, renumbered, now);
}
