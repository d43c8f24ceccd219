/**
 * Writing a snapshot as a version 1 document: UTF-8 JSON with a fixed member order, so equal
 * snapshots give equal bytes (the publish protocol compares what it reads back byte for byte).
 * Accounts use the vault's own encoding. The output is checked with the decoder's rules first:
 * a backup that could not be restored must never be published.
 *
 * @module
 */
import { CoreError } from '../errors.js';
import { encodeAccount } from '../vault/encode.js';
import { compareAccounts } from '../vault/support.js';
import { compareTombstones } from '../vault/tombstones.js';
import { checkSnapshotDocument } from './decode.js';
import { BACKUP_FORMAT, BACKUP_VERSION, MAX_SNAPSHOT_BYTES } from './document.js';
import type { Snapshot } from './types.js';

/**
 * The snapshot as a version 1 document (UTF-8 JSON bytes), accounts in display order.
 *
 * @example
 * ```ts
 * const plaintext = encodeSnapshot(createSnapshot(vault, { deviceId, deviceName, generation: 8, now }));
 * decodeSnapshot(plaintext); // deep-equals the snapshot
 * ```
 * @throws {CoreError} `ERR_BACKUP_CORRUPT` / `ERR_BACKUP_MANIFEST_MISMATCH` when `snapshot` breaks
 *   a rule of the format (it was not made by `createSnapshot` from a valid vault), rather than
 *   write a backup that could not be read back.
 */
export function encodeSnapshot(snapshot: Snapshot): Uint8Array {
  const document = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    vaultId: snapshot.vaultId,
    deviceId: snapshot.deviceId,
    deviceName: snapshot.deviceName,
    generation: snapshot.generation,
    createdAt: snapshot.createdAt,
    accounts: [...snapshot.accounts].sort(compareAccounts).map(encodeAccount),
    groups: snapshot.groups.map((g) => ({ id: g.id, name: g.name })),
    tombstones: [...snapshot.tombstones].sort(compareTombstones).map((t) => ({ id: t.id, deletedAt: t.deletedAt })),
    manifest: { count: snapshot.manifest.count, fingerprints: [...snapshot.manifest.fingerprints] },
  };
  checkSnapshotDocument(document);
  const bytes = new TextEncoder().encode(JSON.stringify(document));
  if (bytes.length > MAX_SNAPSHOT_BYTES) {
    throw new CoreError('ERR_BACKUP_CORRUPT', `The snapshot would be larger than ${MAX_SNAPSHOT_BYTES} bytes.`);
  }
  return bytes;
}
