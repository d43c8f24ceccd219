/**
 * The working state of a restore into a vault that already holds accounts: the accounts and
 * groups being built, the ids taken, the next free position. Restored accounts go after the
 * existing ones, in the backup's relative order; groups are merged by name (ignoring case), a
 * backup group that is missing here being added with its own id when that id is free.
 *
 * @module
 */
import type { HotpParameters } from '../otp/types.js';
import { orderedAccounts } from '../vault/order.js';
import { mintIdAvoiding } from '../vault/support.js';
import type { Account, CreationContext, Group, Vault } from '../vault/types.js';

/**
 * `account` as it comes back onto this device: a work account without its device registration,
 * which belonged to the device that wrote the backup and is never restorable. Its id is kept as
 * `previousRegistrationId`, so that `work restore` can offer to remove exactly that registration.
 */
export function withoutRegistration(account: Account): Account {
  if (account.kind !== 'work' || account.work.registrationId === undefined) return account;
  const work = { ...account.work, previousRegistrationId: account.work.registrationId };
  delete work.registrationId;
  return { ...account, work };
}

/**
 * A restore in progress; its methods record whether anything changed. Accounts are found by id
 * through an index and ids are checked against a set, so restoring n accounts into a vault of m
 * costs O(n + m), not O(n × m): 10,000 accounts restored over themselves took seconds otherwise.
 */
export class RestoreDraft {
  readonly accounts: Account[];
  readonly groups: Group[];
  changed = false;
  readonly #ctx: CreationContext;
  readonly #groupIds = new Map<string, string>();
  /** Index in {@link accounts} of each account id. */
  readonly #at = new Map<string, number>();
  /** Every account and group id in use. */
  readonly #taken = new Set<string>();
  #next: number;

  constructor(base: Vault, snapshotGroups: readonly Group[], ctx: CreationContext) {
    this.#ctx = ctx;
    this.accounts = orderedAccounts(base);
    this.groups = [...base.groups];
    this.accounts.forEach((account, i) => {
      this.#at.set(account.id, i);
      this.#taken.add(account.id);
    });
    for (const group of this.groups) this.#taken.add(group.id);
    this.#next = this.accounts.reduce((max, a) => Math.max(max, a.position), -1) + 1;
    for (const group of snapshotGroups) this.#mergeGroup(group);
  }

  #freshId(wanted: string): string {
    const id = this.#taken.has(wanted) ? mintIdAvoiding(this.#taken, this.#ctx) : wanted;
    this.#taken.add(id);
    return id;
  }

  #mergeGroup(group: Group): void {
    const existing = this.groups.find((g) => g.name.toLowerCase() === group.name.toLowerCase());
    if (existing !== undefined) {
      this.#groupIds.set(group.id, existing.id);
      return;
    }
    const added: Group = { id: this.#freshId(group.id), name: group.name };
    this.groups.push(added);
    this.#groupIds.set(group.id, added.id);
    this.changed = true;
  }

  #localGroups(account: Account): string[] {
    return account.groups.flatMap((id) => {
      const mapped = this.#groupIds.get(id);
      return mapped === undefined ? [] : [mapped];
    });
  }

  /** The account with `id` as the draft holds it now. */
  get(id: string): Account | undefined {
    const at = this.#at.get(id);
    return at === undefined ? undefined : this.accounts[at];
  }

  /** Adds the backup's `account` after every other; `undefined` when no position is left. */
  add(account: Account): Account | undefined {
    if (this.#next > Number.MAX_SAFE_INTEGER) return undefined;
    const added: Account = { ...withoutRegistration(account), id: this.#freshId(account.id), position: this.#next, groups: this.#localGroups(account) };
    this.#next += 1;
    this.#at.set(added.id, this.accounts.length);
    this.accounts.push(added);
    this.changed = true;
    return added;
  }

  /** Puts the backup's `account` in the place of local account `localId` (keeping its id and position). */
  replace(localId: string, account: Account, now: number): Account | undefined {
    const at = this.#at.get(localId);
    const local = at === undefined ? undefined : this.accounts[at];
    if (at === undefined || local === undefined) return undefined;
    const next: Account = {
      ...withoutRegistration(account),
      id: local.id,
      position: local.position,
      groups: this.#localGroups(account),
      createdAt: local.createdAt,
      updatedAt: now,
    };
    this.accounts[at] = next;
    this.changed = true;
    return next;
  }

  /** Raises the HOTP counter of local account `localId` to `counter` (never lowers it). */
  raiseCounter(localId: string, counter: number, now: number): void {
    const at = this.#at.get(localId);
    const local = at === undefined ? undefined : this.accounts[at];
    const otp = local?.kind === 'otp' ? local.otp : local?.work.otp;
    if (at === undefined || local === undefined || otp?.type !== 'hotp' || otp.counter >= counter) return;
    const raised: HotpParameters = { ...otp, counter };
    this.accounts[at] = local.kind === 'otp' ? { ...local, otp: raised, updatedAt: now } : { ...local, work: { ...local.work, otp: raised }, updatedAt: now };
    this.changed = true;
  }
}
