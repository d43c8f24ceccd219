/**
 * Comparing a snapshot with a vault: the check behind `tessera backup verify` (the restore
 * drill) and `tessera doctor`. Accounts are paired by id, then the rest by fingerprint (an
 * account re-added with a new id is still the same account); each pair is compared in every
 * field a restore brings back, and the order of the pairs is compared as a whole.
 *
 * @module
 */
import { accountFingerprint } from '../vault/fingerprint.js';
import { orderedAccounts } from '../vault/order.js';
import type { Account, Group, Vault } from '../vault/types.js';
import { backupForm } from '../vault/work-account.js';
import { accountDifferences, type AccountField } from './differences.js';
import type { Snapshot } from './types.js';

/** An account as a report names it. */
export interface AccountRef {
  readonly id: string;
  readonly issuer: string;
  readonly label: string;
  /** 1-based place in display order (the `#N` of `tessera list`) within its vault or snapshot. */
  readonly position: number;
}

/** One account that both hold but that differs between them. */
export interface AccountChange {
  readonly snapshot: AccountRef;
  readonly vault: AccountRef;
  readonly fields: readonly AccountField[];
}

/** The result of {@link compareSnapshotToVault}. */
export interface SnapshotComparison {
  /** True when restoring the snapshot onto an empty device would give back this vault. */
  readonly matches: boolean;
  /** Accounts of the vault the snapshot does not hold: a restore would not bring them back. */
  readonly missing: readonly AccountRef[];
  /** Accounts of the snapshot the vault does not hold (deleted or added since). */
  readonly extra: readonly AccountRef[];
  /** Accounts both hold, with the fields that differ. */
  readonly changed: readonly AccountChange[];
  /** True when the accounts both hold are in a different relative order. */
  readonly orderDiffers: boolean;
  /** True when the group names differ (ignoring case), including groups without accounts. */
  readonly groupsDiffer: boolean;
}

/** The ref of the account at 0-based `index` of a display-ordered list. */
export function refOf(account: Account, index: number): AccountRef {
  return { id: account.id, issuer: account.issuer, label: account.label, position: index + 1 };
}

/** Two accounts taken to be the same one, with their 0-based places in their lists. */
export interface AccountPair {
  readonly left: Account;
  readonly i: number;
  readonly right: Account;
  readonly j: number;
}

/** Pairs by id first, then by fingerprint, each account used once; in left-hand order. */
export function pairAccounts(left: readonly Account[], right: readonly Account[]): AccountPair[] {
  const pairs: AccountPair[] = [];
  const byId = new Map(right.map((account, j) => [account.id, { account, j }]));
  const pairedRight = new Set<number>();
  const unpaired: { account: Account; i: number }[] = [];
  for (const [i, account] of left.entries()) {
    const match = byId.get(account.id);
    if (match === undefined) {
      unpaired.push({ account, i });
    } else {
      pairedRight.add(match.j);
      pairs.push({ left: account, i, right: match.account, j: match.j });
    }
  }
  // Unpaired right-hand accounts by fingerprint, each list in right-hand order: the first left
  // account with a fingerprint takes the first right one, as a scan would, without the O(n × m).
  const candidates = new Map<string, { account: Account; j: number }[]>();
  right.forEach((account, j) => {
    if (pairedRight.has(j)) return;
    const fingerprint = accountFingerprint(account);
    const list = candidates.get(fingerprint);
    if (list === undefined) candidates.set(fingerprint, [{ account, j }]);
    else list.push({ account, j });
  });
  const taken = new Map<string, number>();
  for (const { account, i } of unpaired) {
    const fingerprint = accountFingerprint(account);
    const used = taken.get(fingerprint) ?? 0;
    const match = candidates.get(fingerprint)?.[used];
    if (match === undefined) continue;
    taken.set(fingerprint, used + 1);
    pairs.push({ left: account, i, right: match.account, j: match.j });
  }
  return pairs.sort((a, b) => a.i - b.i);
}

/** True unless the right-hand places, read in left-hand order, only ever increase. */
export function orderDiffers(pairs: readonly AccountPair[]): boolean {
  let last = -1;
  for (const { j } of pairs) {
    if (j < last) return true;
    last = j;
  }
  return false;
}

function groupNameSet(groups: readonly Group[]): string {
  return JSON.stringify(groups.map((g) => g.name.toLowerCase()).sort());
}

/**
 * Compares `snapshot` with `vault` in everything a restore brings back: which accounts, their
 * secrets and parameters, names, icons, groups (by name), notes, favourites, HOTP counters and
 * order. A work account's device registration is not compared (it is never restored), nor an
 * OATH secret its organisation keeps out of backups.
 *
 * @example
 * ```ts
 * const result = compareSnapshotToVault(decodeSnapshot(plaintext), vault);
 * if (!result.matches) console.log(`${result.missing.length} accounts are not in the latest backup`);
 * ```
 */
export function compareSnapshotToVault(snapshot: Snapshot, vault: Vault): SnapshotComparison {
  const theirs = [...snapshot.accounts];
  // What a backup of this vault would hold: a withheld work secret is no difference.
  const ours = orderedAccounts(vault).map(backupForm);
  const pairs = pairAccounts(theirs, ours);
  const changed = pairs.flatMap(({ left, i, right, j }): AccountChange[] => {
    const fields = accountDifferences({ account: left, groups: snapshot.groups }, { account: right, groups: vault.groups });
    return fields.length === 0 ? [] : [{ snapshot: refOf(left, i), vault: refOf(right, j), fields }];
  });
  const pairedOurs = new Set(pairs.map((p) => p.j));
  const pairedTheirs = new Set(pairs.map((p) => p.i));
  const missing = ours.flatMap((a, j) => (pairedOurs.has(j) ? [] : [refOf(a, j)]));
  const extra = theirs.flatMap((a, i) => (pairedTheirs.has(i) ? [] : [refOf(a, i)]));
  const order = orderDiffers(pairs);
  const groupsDiffer = groupNameSet(snapshot.groups) !== groupNameSet(vault.groups);
  const matches = missing.length === 0 && extra.length === 0 && changed.length === 0 && !order && !groupsDiffer;
  return { matches, missing, extra, changed, orderDiffers: order, groupsDiffer };
}
