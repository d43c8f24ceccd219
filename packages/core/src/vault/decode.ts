/**
 * Reading a vault document from untrusted bytes. Everything is checked: size, UTF-8, JSON,
 * the exact set of members at every level, types, bounds, id and position uniqueness, group
 * references and OTP parameters. Any failure is `ERR_VAULT_CORRUPT`, except a document from a
 * newer Tessera, which is `ERR_VAULT_VERSION_UNSUPPORTED`: refusing it is better than dropping
 * what this version does not understand and writing the loss back.
 *
 * @module
 */
import { CoreError } from '../errors.js';
import { expectArray, expectRecord, expectSafeInteger, expectString, parseJsonBytes, type Fail } from '../internal/json.js';
import { decodeAccount, expectId, within } from './decode-account.js';
import { GROUP_KEYS, MAX_VAULT_BYTES, VAULT_FORMAT, VAULT_KEYS, VAULT_VERSION } from './document.js';
import { checkGroupName } from './fields.js';
import { compareAccounts } from './support.js';
import type { Account, Group, Vault } from './types.js';

const fail: Fail = (message, cause) => {
  throw new CoreError('ERR_VAULT_CORRUPT', `The vault is corrupt: ${message}`, cause === undefined ? undefined : { cause });
};

/**
 * Checks `format` and `version` before anything else, so that a newer document — whose other
 * members this version cannot judge — is reported as unsupported rather than corrupt.
 */
function checkHeader(value: unknown): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('the document must be an object.');
  const own = (key: string): unknown => (Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined);
  if (own('format') !== VAULT_FORMAT) fail(`format must be "${VAULT_FORMAT}".`);
  const version = own('version');
  if (typeof version === 'number' && Number.isSafeInteger(version) && version > VAULT_VERSION) {
    throw new CoreError(
      'ERR_VAULT_VERSION_UNSUPPORTED',
      `The vault was written by a newer Tessera (format version ${version}); this version reads up to ${VAULT_VERSION}.`,
    );
  }
  if (version !== VAULT_VERSION) fail(`version must be ${VAULT_VERSION}.`);
}

function decodeGroups(value: unknown): Group[] {
  const groups = expectArray(value, 'groups', fail).map((item, i): Group => {
    const path = `groups[${i}]`;
    const record = expectRecord(item, path, { required: GROUP_KEYS }, fail);
    const name = expectString(record['name'], `${path}.name`, fail);
    return { id: expectId(record['id'], `${path}.id`, fail), name: within(`${path}.name`, fail, () => checkGroupName(name)) };
  });
  if (new Set(groups.map((g) => g.id)).size !== groups.length) fail('two groups have the same id.');
  if (new Set(groups.map((g) => g.name.toLowerCase())).size !== groups.length) fail('two groups have the same name.');
  return groups;
}

function decodeAccounts(value: unknown, groups: readonly Group[]): Account[] {
  const groupIds = new Set(groups.map((g) => g.id));
  const accounts = expectArray(value, 'accounts', fail).map((item, i) => decodeAccount(item, `accounts[${i}]`, groupIds, fail));
  if (new Set(accounts.map((a) => a.id)).size !== accounts.length) fail('two accounts have the same id.');
  if (new Set(accounts.map((a) => a.position)).size !== accounts.length) fail('two accounts have the same position.');
  return accounts.sort(compareAccounts);
}

/**
 * Checks a parsed vault document and returns the vault it describes (accounts sorted by position).
 *
 * @throws {CoreError} `ERR_VAULT_CORRUPT` / `ERR_VAULT_VERSION_UNSUPPORTED`, as {@link decodeVault}.
 */
export function checkDocument(value: unknown): Vault {
  checkHeader(value);
  const record = expectRecord(value, 'document', { required: VAULT_KEYS }, fail);
  const groups = decodeGroups(record['groups']);
  return {
    version: VAULT_VERSION,
    vaultId: expectId(record['vaultId'], 'vaultId', fail),
    accounts: decodeAccounts(record['accounts'], groups),
    groups,
    updatedAt: expectSafeInteger(record['updatedAt'], 'updatedAt', fail),
  };
}

/**
 * Reads a vault from the bytes of a version 1 document (docs/formats/vault-v1.md).
 *
 * @example
 * ```ts
 * const vault = decodeVault(await readFile('vault.json'));
 * ```
 * @throws {CoreError} `ERR_VAULT_VERSION_UNSUPPORTED` for a document from a newer version;
 *   `ERR_VAULT_CORRUPT` for anything else that is not a valid version 1 document.
 * @throws {TypeError} when `bytes` is not a `Uint8Array`.
 */
export function decodeVault(bytes: Uint8Array): Vault {
  return checkDocument(parseJsonBytes(bytes, MAX_VAULT_BYTES, fail));
}
