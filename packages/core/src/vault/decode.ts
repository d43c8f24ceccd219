/**
 * Reading a vault document from untrusted bytes. Everything is checked: size, UTF-8, JSON,
 * the exact set of members at every level, types, bounds, id and position uniqueness, group
 * references, tombstones and OTP parameters. Any failure is `ERR_VAULT_CORRUPT`, except a
 * document from a newer Tessera, which is `ERR_VAULT_VERSION_UNSUPPORTED`: refusing it is better
 * than dropping what this version does not understand and writing the loss back.
 *
 * @module
 */
import { CoreError } from '../errors.js';
import { expectRecord, expectSafeInteger, parseJsonBytes, type Fail } from '../internal/json.js';
import { expectId } from './decode-account.js';
import { decodeAccounts, decodeGroups, decodeTombstones } from './decode-collections.js';
import { MAX_VAULT_BYTES, VAULT_FORMAT, VAULT_KEYS, VAULT_VERSION } from './document.js';
import type { Vault } from './types.js';

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

/**
 * Checks a parsed vault document and returns the vault it describes (accounts sorted by position).
 *
 * @throws {CoreError} `ERR_VAULT_CORRUPT` / `ERR_VAULT_VERSION_UNSUPPORTED`, as {@link decodeVault}.
 */
export function checkDocument(value: unknown): Vault {
  checkHeader(value);
  const record = expectRecord(value, 'document', { required: VAULT_KEYS }, fail);
  const groups = decodeGroups(record['groups'], 'groups', fail);
  const accounts = decodeAccounts(record['accounts'], 'accounts', groups, fail);
  return {
    version: VAULT_VERSION,
    vaultId: expectId(record['vaultId'], 'vaultId', fail),
    accounts,
    groups,
    tombstones: decodeTombstones(record['tombstones'], 'tombstones', accounts, fail),
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
