/**
 * Imported accounts that have already passed the vault's rules. Every importer runs its entries
 * through `finishAccount`, which applies exactly the checks `addAccount` applies; remembering
 * which account objects came out of it lets `applyImport` build those accounts directly instead
 * of validating every field a second time. Accounts are immutable values, so an object seen here
 * stays valid. Anything else handed to `applyImport` (an app's own `ParsedImport`, a copy) is not
 * in the set and goes through `addAccount` as before; and `encodeVault` checks the whole vault
 * before it is written either way.
 *
 * @module
 */
import type { ImportedAccount } from '../types.js';

const FINISHED = new WeakSet<ImportedAccount>();

/** Records that `account` was built by the vault's rules, and returns it. */
export function markFinished(account: ImportedAccount): ImportedAccount {
  FINISHED.add(account);
  return account;
}

/** True when `account` is the very object `markFinished` recorded. */
export function isFinished(account: ImportedAccount): boolean {
  return FINISHED.has(account);
}
