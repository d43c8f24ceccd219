/**
 * Groups: named folders of accounts. A group is an id and a name; membership lives on the
 * account (`groups`, a list of ids), so an account can sit in several groups and a group needs
 * no order of its own. Names are unique ignoring case, because "Work" and "work" side by side
 * would only confuse.
 *
 * @module
 */
import { CoreError } from '../errors.js';
import { checkGroupName } from './fields.js';
import { checkNow, getAccount, mintId, replaceAccount, withAccounts } from './support.js';
import type { CreationContext, Group, MutationContext, Vault } from './types.js';

function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function checkUniqueName(vault: Vault, name: string, exceptId?: string): void {
  if (vault.groups.some((g) => g.id !== exceptId && sameName(g.name, name))) {
    throw new CoreError('ERR_GROUP_INVALID', `A group named "${name}" already exists.`);
  }
}

function getGroup(vault: Vault, id: string): Group {
  const group = vault.groups.find((g) => g.id === id);
  if (group === undefined) {
    throw new CoreError('ERR_GROUP_NOT_FOUND', 'No group has that id.');
  }
  return group;
}

/**
 * `ids` without repeats, in first-seen order, after checking each names a group of `vault`.
 *
 * @throws {CoreError} `ERR_GROUP_NOT_FOUND`
 */
export function checkGroupIds(vault: Vault, ids: readonly string[]): string[] {
  const unique = [...new Set(ids)];
  for (const id of unique) getGroup(vault, id);
  return unique;
}

/**
 * Adds a group.
 *
 * @example
 * ```ts
 * const { vault: next, group } = addGroup(vault, 'Work', { now, random });
 * ```
 * @throws {CoreError} `ERR_GROUP_INVALID` for an empty, overlong or already used name.
 */
export function addGroup(vault: Vault, name: string, ctx: CreationContext): { vault: Vault; group: Group } {
  const now = checkNow(ctx);
  const canonical = checkGroupName(name);
  checkUniqueName(vault, canonical);
  const group: Group = { id: mintId(vault, ctx), name: canonical };
  return { vault: { ...vault, groups: [...vault.groups, group], updatedAt: now }, group };
}

/**
 * Renames group `id`.
 *
 * @example
 * ```ts
 * const next = renameGroup(vault, group.id, 'Personal', { now });
 * ```
 * @throws {CoreError} `ERR_GROUP_NOT_FOUND` for an unknown id; `ERR_GROUP_INVALID` for a bad or taken name.
 */
export function renameGroup(vault: Vault, id: string, name: string, ctx: MutationContext): Vault {
  const now = checkNow(ctx);
  getGroup(vault, id);
  const canonical = checkGroupName(name);
  checkUniqueName(vault, canonical, id);
  return { ...vault, groups: vault.groups.map((g) => (g.id === id ? { id, name: canonical } : g)), updatedAt: now };
}

/**
 * Removes group `id` and takes every account out of it (the accounts themselves stay).
 *
 * @example
 * ```ts
 * const next = removeGroup(vault, group.id, { now });
 * ```
 * @throws {CoreError} `ERR_GROUP_NOT_FOUND` for an unknown id.
 */
export function removeGroup(vault: Vault, id: string, ctx: MutationContext): Vault {
  const now = checkNow(ctx);
  getGroup(vault, id);
  const accounts = vault.accounts.map((a) =>
    a.groups.includes(id) ? { ...a, groups: a.groups.filter((g) => g !== id), updatedAt: now } : a,
  );
  return { ...withAccounts(vault, accounts, now), groups: vault.groups.filter((g) => g.id !== id) };
}

/**
 * Sets the groups of account `accountId` to `groupIds` (repeats dropped, order kept).
 *
 * @example
 * ```ts
 * const next = setAccountGroups(vault, account.id, [work.id], { now });
 * ```
 * @throws {CoreError} `ERR_ACCOUNT_NOT_FOUND` / `ERR_GROUP_NOT_FOUND` for unknown ids.
 */
export function setAccountGroups(
  vault: Vault,
  accountId: string,
  groupIds: readonly string[],
  ctx: MutationContext,
): Vault {
  const now = checkNow(ctx);
  const account = getAccount(vault, accountId);
  const groups = checkGroupIds(vault, groupIds);
  return replaceAccount(vault, { ...account, groups, updatedAt: now }, now);
}

/**
 * The group whose id is `nameOrId`, else whose name equals it ignoring case and surrounding space.
 *
 * @example
 * ```ts
 * resolveGroup(vault, 'work').id;
 * ```
 * @throws {CoreError} `ERR_GROUP_NOT_FOUND` when neither matches.
 */
export function resolveGroup(vault: Vault, nameOrId: string): Group {
  const byId = vault.groups.find((g) => g.id === nameOrId);
  if (byId !== undefined) return byId;
  const wanted = nameOrId.trim().normalize('NFC');
  const byName = vault.groups.find((g) => sameName(g.name, wanted));
  if (byName === undefined) {
    throw new CoreError('ERR_GROUP_NOT_FOUND', `No group is named "${wanted}".`);
  }
  return byName;
}
