/**
 * Applying a restore plan: **never a silent overwrite**. A conflict changes nothing unless the
 * person chose how to resolve it; present accounts keep their local values (except a lower HOTP
 * counter, raised to the backup's — see `plan.ts`). Onto a fresh device (no vault, or one
 * without accounts and groups) the result adopts the backup's vault id and reproduces its
 * accounts, order, groups, notes, icons, favourites and HOTP counters exactly; into a vault in
 * use, restored accounts go after the existing ones in the backup's relative order.
 *
 * The plan is checked again against `local`, which may have changed since it was shown: what is
 * new or present now is treated as such, and a choice made for a conflict that no longer
 * exists in the same form is not applied but reported as failed.
 *
 * @module
 */
import { orderedAccounts } from '../vault/order.js';
import { checkNow } from '../vault/support.js';
import { mergeTombstones } from '../vault/tombstones.js';
import type { CreationContext, Tombstone, Vault } from '../vault/types.js';
import { orderDiffers, pairAccounts } from './compare.js';
import { lineFor, type Outcome } from './outcome.js';
import { isFreshVault, planRestore, RESTORE_CHOICES, type RestoreChoice, type RestoreConflictItem, type RestorePlan, type RestorePlanItem } from './plan.js';
import { reportOf, type RestoreReport } from './report.js';
import { RestoreDraft, withoutRegistration } from './restore-draft.js';
import type { Snapshot } from './types.js';

/** The person's choice per conflicting account, keyed by the account's id in the backup. */
export type RestoreChoices = Readonly<Record<string, RestoreChoice>>;

/** The result of {@link applyRestore}. */
export interface RestoreResult {
  /** The vault to store; the very `local` object when the restore changed nothing. */
  readonly vault: Vault;
  readonly report: RestoreReport;
}

function choiceFor(choices: RestoreChoices, id: string): RestoreChoice | undefined {
  return Object.hasOwn(choices, id) ? choices[id] : undefined;
}

function checkChoices(plan: RestorePlan, choices: RestoreChoices): void {
  for (const [id, choice] of Object.entries(choices) as [string, unknown][]) {
    if (!plan.items.some((item) => item.status === 'conflict' && item.account.id === id)) {
      throw new RangeError(`choices: ${id} is not a conflict of this plan.`);
    }
    if (!RESTORE_CHOICES.includes(choice as RestoreChoice)) {
      throw new RangeError(`choices: "${String(choice)}" is not one of ${RESTORE_CHOICES.join(', ')}.`);
    }
  }
}

function sameConflict(planned: RestorePlanItem | undefined, current: RestoreConflictItem): boolean {
  return planned?.status === 'conflict' && planned.reason === current.reason && planned.local.id === current.local.id;
}

function resolveConflict(draft: RestoreDraft, item: RestoreConflictItem, choice: RestoreChoice | undefined, now: number): Outcome {
  if (choice === 'take-backup') return { item, result: draft.replace(item.local.id, item.account, now), how: 'took-backup' };
  if (choice === 'keep-both') return { item, result: draft.add(item.account), how: 'kept-both' };
  return { item, result: undefined, how: choice === 'keep-local' ? 'kept-local' : 'unresolved' };
}

function applyItem(draft: RestoreDraft, planned: RestorePlanItem | undefined, item: RestorePlanItem, choices: RestoreChoices, now: number): Outcome {
  if (item.status === 'new') return { item, result: draft.add(item.account), how: 'added' };
  if (item.status === 'present') {
    if (item.raiseCounterTo !== undefined) draft.raiseCounter(item.local.id, item.raiseCounterTo, now);
    return { item, result: draft.get(item.local.id), how: 'present' };
  }
  const choice = choiceFor(choices, item.account.id);
  if (choice !== undefined && !sameConflict(planned, item)) return { item, result: undefined, how: 'stale' };
  return resolveConflict(draft, item, choice, now);
}

/** True when the accounts that came back sit in the vault in the backup's relative order. */
function orderKept(vault: Vault, outcomes: readonly Outcome[]): boolean {
  const held = outcomes.flatMap((o) => (o.result === undefined || o.how === 'kept-local' || o.how === 'unresolved' ? [] : [o.result]));
  const ids = new Set(held.map((a) => a.id));
  return !orderDiffers(pairAccounts(held, orderedAccounts(vault).filter((a) => ids.has(a.id))));
}

function sameTombstones(a: readonly Tombstone[], b: readonly Tombstone[]): boolean {
  return a.length === b.length && a.every((t, i) => t.id === b[i]?.id && t.deletedAt === b[i].deletedAt);
}

function restoreFresh(local: Vault | undefined, snapshot: Snapshot, now: number): RestoreResult {
  const accounts = snapshot.accounts.map(withoutRegistration);
  const live = new Set(accounts.map((a) => a.id));
  const vault: Vault = {
    version: 1,
    vaultId: snapshot.vaultId,
    accounts,
    groups: [...snapshot.groups],
    tombstones: mergeTombstones([local?.tombstones ?? [], snapshot.tombstones], live),
    updatedAt: now,
  };
  const outcomes = planRestore(undefined, snapshot).items.map((item, i): Outcome => ({ item, result: accounts[i], how: 'added' }));
  const report = reportOf(snapshot.manifest.count, outcomes.map(lineFor), true);
  // An empty backup restored onto an empty vault that already is this vault changes nothing: keep
  // the very object, so a repeated restore is recognisably a no-op (and nothing is rewritten).
  if (local !== undefined && unchangedByFresh(local, vault)) return { vault: local, report };
  return { vault, report };
}

function unchangedByFresh(local: Vault, vault: Vault): boolean {
  return vault.accounts.length === 0 && local.accounts.length === 0 && vault.groups.length === 0 && local.groups.length === 0
    && local.vaultId === vault.vaultId && sameTombstones(vault.tombstones, local.tombstones);
}

function restoreInto(local: Vault, plan: RestorePlan, choices: RestoreChoices, ctx: CreationContext, now: number): RestoreResult {
  const current = planRestore(local, plan.snapshot);
  const draft = new RestoreDraft(local, plan.snapshot.groups, ctx);
  const outcomes = current.items.map((item, k) => applyItem(draft, plan.items[k], item, choices, now));
  const live = new Set(draft.accounts.map((a) => a.id));
  const tombstones = mergeTombstones([local.tombstones, plan.snapshot.tombstones], live);
  const changed = draft.changed || !sameTombstones(tombstones, local.tombstones);
  const vault: Vault = changed ? { ...local, accounts: orderedAccounts({ ...local, accounts: draft.accounts }), groups: draft.groups, tombstones, updatedAt: now } : local;
  return { vault, report: reportOf(plan.snapshot.manifest.count, outcomes.map(lineFor), orderKept(vault, outcomes)) };
}

/**
 * Applies `plan` to `local` with the person's `choices` for conflicts (keyed by the backup's
 * account id; a conflict without a choice keeps the local account and is reported).
 *
 * @example
 * ```ts
 * const plan = planRestore(vault, snapshot);
 * const { vault: restored, report } = applyRestore(vault, plan, { [conflictId]: 'keep-both' }, { now, random });
 * console.log(formatRestoreSummary(report)); // 'restored 12 of 12 (order preserved)'
 * ```
 * @throws {RangeError} for a choice keyed by an account that is not a conflict of `plan`, a
 *   choice that is not a {@link RestoreChoice}, or a bad `ctx.now`.
 */
export function applyRestore(local: Vault | undefined, plan: RestorePlan, choices: RestoreChoices, ctx: CreationContext): RestoreResult {
  const now = checkNow(ctx);
  checkChoices(plan, choices);
  if (local === undefined || isFreshVault(local)) {
    return restoreFresh(local, plan.snapshot, now);
  }
  return restoreInto(local, plan, choices, ctx, now);
}
