/**
 * Reading the three lists of a vault document — groups, accounts, tombstones — with the rules
 * that involve more than one item (unique ids, names and positions, group references, no
 * tombstone for a live account). Each takes the caller's `fail`, so the vault decoder reports
 * `ERR_VAULT_CORRUPT` and the backup decoder `ERR_BACKUP_CORRUPT` from the same rules.
 *
 * @module
 */
import { expectArray, expectRecord, expectSafeInteger, expectString, type Fail } from '../internal/json.js';
import { decodeAccount, expectId, within } from './decode-account.js';
import { GROUP_KEYS, TOMBSTONE_KEYS } from './document.js';
import { checkGroupName } from './fields.js';
import { compareAccounts } from './support.js';
import { MAX_TOMBSTONES, mergeTombstones } from './tombstones.js';
import type { Account, Group, Tombstone } from './types.js';

/** The groups at `path`: ids unique, names unique ignoring case. */
export function decodeGroups(value: unknown, path: string, fail: Fail): Group[] {
  const groups = expectArray(value, path, fail).map((item, i): Group => {
    const at = `${path}[${i}]`;
    const record = expectRecord(item, at, { required: GROUP_KEYS }, fail);
    const name = expectString(record['name'], `${at}.name`, fail);
    return { id: expectId(record['id'], `${at}.id`, fail), name: within(`${at}.name`, fail, () => checkGroupName(name)) };
  });
  if (new Set(groups.map((g) => g.id)).size !== groups.length) fail(`${path}: two groups have the same id.`);
  if (new Set(groups.map((g) => g.name.toLowerCase())).size !== groups.length) fail(`${path}: two groups have the same name.`);
  return groups;
}

/** The accounts at `path`, sorted by position: ids and positions unique, groups among `groups`. */
export function decodeAccounts(value: unknown, path: string, groups: readonly Group[], fail: Fail): Account[] {
  const groupIds = new Set(groups.map((g) => g.id));
  const accounts = expectArray(value, path, fail).map((item, i) => decodeAccount(item, `${path}[${i}]`, groupIds, fail));
  if (new Set(accounts.map((a) => a.id)).size !== accounts.length) fail(`${path}: two accounts have the same id.`);
  if (new Set(accounts.map((a) => a.position)).size !== accounts.length) fail(`${path}: two accounts have the same position.`);
  return accounts.sort(compareAccounts);
}

/**
 * The tombstones at `path`, oldest first: at most `MAX_TOMBSTONES`, ids unique and none the id
 * of one of `accounts` (an account is either live or deleted).
 */
export function decodeTombstones(value: unknown, path: string, accounts: readonly Account[], fail: Fail): Tombstone[] {
  const items = expectArray(value, path, fail);
  if (items.length > MAX_TOMBSTONES) fail(`${path} holds more than ${MAX_TOMBSTONES} tombstones.`);
  const tombstones = items.map((item, i): Tombstone => {
    const at = `${path}[${i}]`;
    const record = expectRecord(item, at, { required: TOMBSTONE_KEYS }, fail);
    return { id: expectId(record['id'], `${at}.id`, fail), deletedAt: expectSafeInteger(record['deletedAt'], `${at}.deletedAt`, fail) };
  });
  if (new Set(tombstones.map((t) => t.id)).size !== tombstones.length) fail(`${path}: two tombstones have the same id.`);
  const live = new Set(accounts.map((a) => a.id));
  if (tombstones.some((t) => live.has(t.id))) fail(`${path}: a tombstone has the id of an account that exists.`);
  return mergeTombstones([tombstones]);
}
