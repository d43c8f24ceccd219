/**
 * Reading a snapshot from untrusted bytes (it has been decrypted, but whoever held the key —
 * or a buggy writer — produced it). As strict as `decodeVault`, and through the vault's own
 * decoders for groups, accounts and tombstones: size cap, UTF-8, JSON, exact members at every
 * level (so `__proto__` is refused, never copied), unique ids and positions, valid OTP
 * parameters. Failures are `ERR_BACKUP_CORRUPT`; a newer version is
 * `ERR_BACKUP_VERSION_UNSUPPORTED`; a manifest that disagrees with the accounts is
 * `ERR_BACKUP_MANIFEST_MISMATCH`.
 *
 * @module
 */
import { CoreError } from '../errors.js';
import { expectArray, expectRecord, expectSafeInteger, expectString, parseJsonBytes, type Fail } from '../internal/json.js';
import { expectId, within } from '../vault/decode-account.js';
import { decodeAccounts, decodeGroups, decodeTombstones } from '../vault/decode-collections.js';
import { checkText } from '../vault/fields.js';
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  isDeviceId,
  isFingerprint,
  MANIFEST_KEYS,
  MAX_DEVICE_NAME_LENGTH,
  MAX_SNAPSHOT_BYTES,
  SNAPSHOT_KEYS,
} from './document.js';
import { checkManifest } from './manifest.js';
import type { Snapshot, SnapshotManifest } from './types.js';

const fail: Fail = (message, cause) => {
  throw new CoreError('ERR_BACKUP_CORRUPT', `The backup is corrupt: ${message}`, cause === undefined ? undefined : { cause });
};

/** `format` and `version` first, so a newer snapshot is "unsupported", not "corrupt". */
function checkHeader(value: unknown): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('the document must be an object.');
  const own = (key: string): unknown => (Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined);
  if (own('format') !== BACKUP_FORMAT) fail(`format must be "${BACKUP_FORMAT}".`);
  const version = own('version');
  if (typeof version === 'number' && Number.isSafeInteger(version) && version > BACKUP_VERSION) {
    throw new CoreError(
      'ERR_BACKUP_VERSION_UNSUPPORTED',
      `The backup was written by a newer Tessera (format version ${version}); this version reads up to ${BACKUP_VERSION}.`,
    );
  }
  if (version !== BACKUP_VERSION) fail(`version must be ${BACKUP_VERSION}.`);
}

/** A device name as stored: single-line safe text, 1–128 characters, trimmed, NFC. */
export function checkDeviceName(value: unknown): string {
  return checkText(value, { code: 'ERR_BACKUP_CORRUPT', what: 'device name', max: MAX_DEVICE_NAME_LENGTH, allowEmpty: false });
}

function decodeDeviceId(value: unknown): string {
  const id = expectString(value, 'deviceId', fail);
  if (!isDeviceId(id)) fail('deviceId must be 1-64 characters of a-z, 0-9 and -.');
  return id;
}

function decodeManifest(value: unknown): SnapshotManifest {
  const record = expectRecord(value, 'manifest', { required: MANIFEST_KEYS }, fail);
  const fingerprints = expectArray(record['fingerprints'], 'manifest.fingerprints', fail).map((item, i) => {
    const fingerprint = expectString(item, `manifest.fingerprints[${i}]`, fail);
    if (!isFingerprint(fingerprint)) fail(`manifest.fingerprints[${i}] must be 64 lower-case hex digits.`);
    return fingerprint;
  });
  return { count: expectSafeInteger(record['count'], 'manifest.count', fail), fingerprints };
}

/**
 * Checks a parsed snapshot document and returns the snapshot (accounts in display order,
 * tombstones oldest first).
 *
 * @throws {CoreError} as {@link decodeSnapshot}.
 */
export function checkSnapshotDocument(value: unknown): Snapshot {
  checkHeader(value);
  const record = expectRecord(value, 'document', { required: SNAPSHOT_KEYS }, fail);
  const deviceName = expectString(record['deviceName'], 'deviceName', fail);
  const groups = decodeGroups(record['groups'], 'groups', fail);
  const accounts = decodeAccounts(record['accounts'], 'accounts', groups, fail);
  const snapshot: Snapshot = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    vaultId: expectId(record['vaultId'], 'vaultId', fail),
    deviceId: decodeDeviceId(record['deviceId']),
    deviceName: within('deviceName', fail, () => checkDeviceName(deviceName)),
    generation: expectSafeInteger(record['generation'], 'generation', fail),
    createdAt: expectSafeInteger(record['createdAt'], 'createdAt', fail),
    accounts,
    groups,
    tombstones: decodeTombstones(record['tombstones'], 'tombstones', accounts, fail),
    manifest: decodeManifest(record['manifest']),
  };
  checkManifest(snapshot.manifest, accounts);
  return snapshot;
}

/**
 * Reads a snapshot from the bytes of a version 1 document (docs/formats/backup-v1.md) — the
 * plaintext `@tessera/backup` gets after decrypting.
 *
 * @example
 * ```ts
 * const snapshot = decodeSnapshot(plaintext);
 * snapshot.manifest.count; // what the restore report counts against
 * ```
 * @throws {CoreError} `ERR_BACKUP_VERSION_UNSUPPORTED` for a document from a newer version;
 *   `ERR_BACKUP_MANIFEST_MISMATCH` when the manifest disagrees with the accounts;
 *   `ERR_BACKUP_CORRUPT` for anything else that is not a valid version 1 snapshot.
 * @throws {TypeError} when `bytes` is not a `Uint8Array`.
 */
export function decodeSnapshot(bytes: Uint8Array): Snapshot {
  return checkSnapshotDocument(parseJsonBytes(bytes, MAX_SNAPSHOT_BYTES, fail));
}
