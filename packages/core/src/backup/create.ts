/**
 * Taking a snapshot of a vault for backup. Pure: the device, the generation and the time come
 * from the caller, which knows them (the publish protocol picks the generation).
 *
 * @module
 */
import { isCoreError } from '../errors.js';
import { orderedAccounts } from '../vault/order.js';
import type { Vault } from '../vault/types.js';
import { backupForm } from '../vault/work-account.js';
import { checkDeviceName } from './decode.js';
import { BACKUP_FORMAT, BACKUP_VERSION, isDeviceId } from './document.js';
import { manifestOf } from './manifest.js';
import type { Snapshot, SnapshotSource } from './types.js';

function checkSource(source: SnapshotSource): string {
  if (typeof source.deviceId !== 'string' || !isDeviceId(source.deviceId)) {
    throw new TypeError('deviceId must be 1-64 characters of a-z, 0-9 and - (a lower-case UUID fits).');
  }
  if (!Number.isSafeInteger(source.generation) || source.generation < 0) {
    throw new RangeError('generation must be a safe integer ≥ 0.');
  }
  if (!Number.isSafeInteger(source.now) || source.now < 0) {
    throw new RangeError('now must be Unix epoch milliseconds (a safe integer ≥ 0).');
  }
  try {
    return checkDeviceName(source.deviceName);
  } catch (error) {
    // The name comes from the app (a hostname, a setting), not from a file: a caller mistake.
    if (isCoreError(error)) throw new TypeError(`deviceName: ${error.message}`, { cause: error });
    throw error;
  }
}

/**
 * A snapshot of `vault`: every account in display order (a work account's OATH secret only when
 * its `allowSecretBackup` says so), its groups and tombstones, and a manifest of count and
 * fingerprints. The device name is stored trimmed and NFC.
 *
 * @example
 * ```ts
 * const snapshot = createSnapshot(vault, { deviceId, deviceName: 'laptop', generation: 8, now: Date.now() });
 * snapshot.manifest.count === vault.accounts.length; // true
 * ```
 * @throws {TypeError} for a device id outside 1–64 of `a-z0-9-`, or a device name that is empty,
 *   longer than 128 characters or holds control or invisible characters.
 * @throws {RangeError} for a generation or `now` that is not a safe integer ≥ 0.
 */
export function createSnapshot(vault: Vault, source: SnapshotSource): Snapshot {
  const deviceName = checkSource(source);
  // A work account's OATH secret leaves the device only where its organisation allows it.
  const accounts = orderedAccounts(vault).map(backupForm);
  return {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    vaultId: vault.vaultId,
    deviceId: source.deviceId,
    deviceName,
    generation: source.generation,
    createdAt: source.now,
    accounts,
    groups: [...vault.groups],
    tombstones: [...vault.tombstones],
    manifest: manifestOf(accounts),
  };
}
