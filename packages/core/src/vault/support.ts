/**
 * Shared plumbing of the vault operations: checking the injected context, finding an account by
 * id, minting ids that do not collide, and rebuilding a vault with one account replaced. Kept
 * apart so each operation reads as its rule and nothing else.
 *
 * @module
 */
import { CoreError } from '../errors.js';
import { uuidV4 } from '../internal/uuid.js';
import type { Account, CreationContext, MutationContext, Vault } from './types.js';

/** Returns `ctx.now` after checking it is a usable timestamp. @throws {RangeError} */
export function checkNow(ctx: MutationContext): number {
  const now = ctx.now;
  if (!Number.isSafeInteger(now) || now < 0) {
    throw new RangeError('ctx.now must be Unix epoch milliseconds (a safe integer ≥ 0).');
  }
  return now;
}

/** Compares accounts by position, then id, so that order is total even for corrupt input. */
export function compareAccounts(a: Account, b: Account): number {
  if (a.position !== b.position) return a.position - b.position;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The account with `id`. @throws {CoreError} `ERR_ACCOUNT_NOT_FOUND` */
export function getAccount(vault: Vault, id: string): Account {
  const account = vault.accounts.find((a) => a.id === id);
  if (account === undefined) {
    throw new CoreError('ERR_ACCOUNT_NOT_FOUND', 'No account has that id.');
  }
  return account;
}

/**
 * A fresh id not used by any account or group. A repeat from a real random source is
 * impossible in practice; repeated repeats mean the source is broken, which is a caller mistake.
 */
export function mintId(vault: Vault, ctx: CreationContext): string {
  return mintIdAvoiding(new Set<string>([...vault.accounts.map((a) => a.id), ...vault.groups.map((g) => g.id)]), ctx);
}

/** A fresh id not in `taken`, for callers that keep the set of ids in use as they go. */
export function mintIdAvoiding(taken: ReadonlySet<string>, ctx: CreationContext): string {
  for (let attempt = 0; attempt < 8; attempt++) {
    const id = uuidV4(ctx.random);
    if (!taken.has(id)) return id;
  }
  throw new RangeError('The random source keeps returning the same bytes.');
}

/** `vault` with `accounts` (re-sorted by position) and a new `updatedAt`. */
export function withAccounts(vault: Vault, accounts: readonly Account[], now: number): Vault {
  return { ...vault, accounts: [...accounts].sort(compareAccounts), updatedAt: now };
}

/** `vault` with the account of the same id as `next` replaced by it. */
export function replaceAccount(vault: Vault, next: Account, now: number): Vault {
  return withAccounts(
    vault,
    vault.accounts.map((a) => (a.id === next.id ? next : a)),
    now,
  );
}
