/**
 * The backup snapshot (docs/formats/backup-v1.md): everything one device's vault holds at one
 * moment, plus who wrote it, a generation counter against rollback, and a manifest the restore
 * report counts against. Plain data; encrypting and storing it is `@tessera/backup`'s job.
 *
 * @module
 */
import type { Account, Group, Tombstone } from '../vault/types.js';

/** What a snapshot claims to hold: the restore report says "N of N" against it. */
export interface SnapshotManifest {
  /** Number of accounts. */
  readonly count: number;
  /** `accountFingerprint` of each account, in display order. */
  readonly fingerprints: readonly string[];
}

/** One device's vault at one moment, as a backup holds it (format version 1). */
export interface Snapshot {
  readonly format: 'tessera.backup';
  readonly version: 1;
  /** The vault's id; a restore onto a new device adopts it. */
  readonly vaultId: string;
  /** The writing device's id: 1–64 of `a-z`, `0-9`, `-` (a UUID fits), safe as a path segment. */
  readonly deviceId: string;
  /** A name a person recognises the device by ("alice's laptop"). */
  readonly deviceName: string;
  /** Per-device counter, one higher for each snapshot the device publishes (a safe integer ≥ 0). */
  readonly generation: number;
  /** Unix epoch milliseconds. */
  readonly createdAt: number;
  /** Every account with its position, in display order. */
  readonly accounts: readonly Account[];
  readonly groups: readonly Group[];
  readonly tombstones: readonly Tombstone[];
  readonly manifest: SnapshotManifest;
}

/** Who is writing a snapshot, and when: the second argument of `createSnapshot`. */
export interface SnapshotSource {
  readonly deviceId: string;
  readonly deviceName: string;
  readonly generation: number;
  /** Unix epoch milliseconds, becomes `createdAt`. */
  readonly now: number;
}
