/**
 * Planning a restore (ARCHITECTURE.md §4): for each account of the snapshot, in its order,
 * whether it is **new** to this vault, already **present**, or in **conflict** with a local
 * account — decided before anything changes, so the person can see and choose. The rules:
 *
 * - *present*: the local account with the same id is the same account (same kind, secret and
 *   OTP parameters, same work identity; names may have changed since), or some local account
 *   has the same fingerprint (same secret, parameters and names — a copy under another id).
 *   Differing metadata is listed but the local values are kept. An HOTP counter is the
 *   exception: if the backup's is higher, the restore raises the local one to it, because a
 *   lower counter would generate codes the server has already seen and now rejects. The same
 *   fingerprint with a different counter is therefore *present*, never a conflict.
 * - *conflict*: the local account with the same id holds a different secret or parameters
 *   (`same-id`), or a local account has the same issuer and label (ignoring case) but is not
 *   the same account (`same-name`: the service may have issued a new secret). Choices:
 *   `keep-local`, `take-backup` (the backup's version replaces it, in its place) or `keep-both`.
 * - *new*: everything else, including an account deleted here since the backup was made
 *   (`deletedLocallyAt` says so; restoring is an explicit request, and an unwanted account is
 *   easier to remove again than a lost secret is to recover).
 *
 * Work accounts that a restore would add are flagged `needsSignIn`: their device registration
 * never comes back (their OATH secret, if any, does).
 *
 * @module
 */
import { accountFingerprint } from '../vault/fingerprint.js';
import { backupForm } from '../vault/work-account.js';
import { orderedAccounts } from '../vault/order.js';
import type { Account, Vault } from '../vault/types.js';
import { refOf, type AccountRef } from './compare.js';
import { accountDifferences, counterOf, sameIdentity, type AccountField } from './differences.js';
import type { Snapshot } from './types.js';

/** How a conflict is resolved. */
export type RestoreChoice = 'keep-local' | 'take-backup' | 'keep-both';

/** Every {@link RestoreChoice}, in the order a prompt offers them. */
export const RESTORE_CHOICES: readonly RestoreChoice[] = ['keep-local', 'take-backup', 'keep-both'];

/** What every item of a plan says about its snapshot account. */
export interface RestoreItemBase {
  /** 1-based place in the snapshot's display order. */
  readonly position: number;
  /** The account as the snapshot holds it. */
  readonly account: Account;
  readonly fingerprint: string;
  /** A work account this restore would add: it comes back needing sign-in on this device. */
  readonly needsSignIn: boolean;
}

/** A snapshot account this vault does not hold. */
export interface RestoreNewItem extends RestoreItemBase {
  readonly status: 'new';
  /** When this vault deleted the account (its tombstone), if it did. */
  readonly deletedLocallyAt?: number;
}

/** A snapshot account this vault already holds. */
export interface RestorePresentItem extends RestoreItemBase {
  readonly status: 'present';
  readonly local: AccountRef;
  /** Fields whose local value differs; the local value is kept (except a lower HOTP counter). */
  readonly differences: readonly AccountField[];
  /** The backup's HOTP counter when it is higher than the local one: the restore raises it. */
  readonly raiseCounterTo?: number;
}

/** A snapshot account that clashes with a local one; nothing changes without a choice. */
export interface RestoreConflictItem extends RestoreItemBase {
  readonly status: 'conflict';
  readonly reason: 'same-id' | 'same-name';
  readonly local: AccountRef;
  readonly differences: readonly AccountField[];
  readonly choices: readonly RestoreChoice[];
}

/** One snapshot account's fate. */
export type RestorePlanItem = RestoreNewItem | RestorePresentItem | RestoreConflictItem;

/** The result of {@link planRestore}; the input of `applyRestore`. */
export interface RestorePlan {
  readonly snapshot: Snapshot;
  /**
   * True when there is no local vault, or it holds no accounts and no groups: the restore then
   * adopts the snapshot's vault id and reproduces its order and groups exactly.
   */
  readonly fresh: boolean;
  /** One per snapshot account, in the snapshot's order. */
  readonly items: readonly RestorePlanItem[];
}

/** A local account and its 0-based place in display order. */
interface Located {
  readonly account: Account;
  readonly i: number;
}

interface LocalIndex {
  readonly vault: Vault;
  readonly byId: ReadonlyMap<string, Located>;
  readonly byFingerprint: ReadonlyMap<string, Located>;
  readonly byName: ReadonlyMap<string, Located>;
  readonly deleted: ReadonlyMap<string, number>;
}

function nameKey(account: Account): string {
  return `${account.issuer.toLowerCase()}\u0000${account.label.toLowerCase()}`;
}

/** Maps each key to the first account (in display order) that has it. */
function firstByKey(order: readonly Account[], key: (a: Account) => string): Map<string, Located> {
  const map = new Map<string, Located>();
  order.forEach((account, i) => {
    if (!map.has(key(account))) map.set(key(account), { account, i });
  });
  return map;
}

function indexLocal(vault: Vault): LocalIndex {
  // Local accounts as a backup of them holds them, for matching and differences alike: a work
  // secret the organisation keeps out of backups is no difference.
  const order = orderedAccounts(vault).map(backupForm);
  return {
    vault,
    byId: firstByKey(order, (a) => a.id),
    byFingerprint: firstByKey(order, accountFingerprint),
    byName: firstByKey(order, nameKey),
    deleted: new Map(vault.tombstones.map((t) => [t.id, t.deletedAt])),
  };
}

function present(base: RestoreItemBase, local: LocalIndex, snapshot: Snapshot, { account, i }: Located): RestorePresentItem {
  const differences = accountDifferences({ account: base.account, groups: snapshot.groups }, { account, groups: local.vault.groups });
  const [theirs, ours] = [counterOf(base.account), counterOf(account)];
  const raise = theirs !== undefined && ours !== undefined && theirs > ours ? { raiseCounterTo: theirs } : {};
  return { ...base, needsSignIn: false, status: 'present', local: refOf(account, i), differences, ...raise };
}

function conflict(
  base: RestoreItemBase,
  local: LocalIndex,
  snapshot: Snapshot,
  { account, i }: Located,
  reason: 'same-id' | 'same-name',
): RestoreConflictItem {
  const differences = accountDifferences({ account: base.account, groups: snapshot.groups }, { account, groups: local.vault.groups });
  return { ...base, status: 'conflict', reason, local: refOf(account, i), differences, choices: RESTORE_CHOICES };
}

function classify(base: RestoreItemBase, local: LocalIndex, snapshot: Snapshot): RestorePlanItem {
  const sameId = local.byId.get(base.account.id);
  if (sameId !== undefined && sameIdentity(sameId.account, base.account)) return present(base, local, snapshot, sameId);
  const sameFingerprint = local.byFingerprint.get(base.fingerprint);
  if (sameFingerprint !== undefined) return present(base, local, snapshot, sameFingerprint);
  if (sameId !== undefined) return conflict(base, local, snapshot, sameId, 'same-id');
  const sameName = local.byName.get(nameKey(base.account));
  if (sameName !== undefined) return conflict(base, local, snapshot, sameName, 'same-name');
  const deletedAt = local.deleted.get(base.account.id);
  return { ...base, status: 'new', ...(deletedAt === undefined ? {} : { deletedLocallyAt: deletedAt }) };
}

/** True when `vault` is absent or holds neither accounts nor groups. */
export function isFreshVault(vault: Vault | undefined): boolean {
  return vault === undefined || (vault.accounts.length === 0 && vault.groups.length === 0);
}

/**
 * Plans restoring `snapshot` into `local` (or onto a device without a vault): one item per
 * snapshot account, in the snapshot's order. Changes nothing; see the module for the rules.
 *
 * @example
 * ```ts
 * const plan = planRestore(vault, snapshot);
 * for (const item of plan.items) if (item.status === 'conflict') console.log(item.account.label, item.reason, item.choices);
 * ```
 */
export function planRestore(local: Vault | undefined, snapshot: Snapshot): RestorePlan {
  const index = local === undefined ? undefined : indexLocal(local);
  const items = snapshot.accounts.map((account, i): RestorePlanItem => {
    const base: RestoreItemBase = { position: i + 1, account, fingerprint: accountFingerprint(account), needsSignIn: account.kind === 'work' };
    return index === undefined ? { ...base, status: 'new' } : classify(base, index, snapshot);
  });
  return { snapshot, fresh: isFreshVault(local), items };
}
