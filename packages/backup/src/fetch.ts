/**
 * Finding and opening the snapshot to restore. Within a device, generations order snapshots;
 * across devices they do not (each device counts its own), so the caller supplies `createdAt`,
 * which reads the creation time out of a decrypted snapshot: the newest generation of every
 * device is decrypted and the latest `createdAt` wins (ties: higher generation, then name).
 * Two objects with the same generation of one device (clones that wrote at once) are both
 * candidates and `createdAt` decides between them too.
 *
 * A device whose newest generation does not open is passed over and listed in `skipped` (an
 * abandoned device's snapshots may be encrypted to an identity the recovery key does not hold);
 * its older generations are not tried, because quietly restoring older data would hide the
 * failure, unless `olderOnFailure` asks for exactly that. When nothing opens, the error says
 * why: `ERR_BACKUP_KEY_MISMATCH` if any snapshot was encrypted to another key, otherwise
 * `ERR_BACKUP_CORRUPT`.
 *
 * @module
 */
import { CoreError, isCoreError, type Destination } from '@tessera/core';
import { checkGeneration, isValidDeviceId, listSnapshots, type SnapshotName } from './layout.js';
import { decryptSnapshot } from './snapshot-crypto.js';

/** What {@link fetchSnapshot} looks for. */
export interface FetchSnapshotOptions {
  readonly destination: Destination;
  /** The keyring's identities, or the one recovery key. */
  readonly identities: readonly string[];
  /** Only this device's snapshots. */
  readonly deviceId?: string;
  /** Only this generation (with `deviceId`, one device's; without, any device's). */
  readonly generation?: number;
  /** The creation time of a decrypted snapshot, in ms (throw for one you cannot read). */
  readonly createdAt: (plaintext: Uint8Array) => number;
  /** Fall back to older generations when the newest does not open; default false. */
  readonly olderOnFailure?: boolean;
}

/** A snapshot passed over, and why. */
export interface SkippedSnapshot {
  readonly name: string;
  readonly error: CoreError;
}

/** The snapshot chosen, decrypted. */
export interface FetchedSnapshot extends SnapshotName {
  readonly plaintext: Uint8Array;
  readonly createdAt: number;
  /** Snapshots that did not open and were passed over: show them in the restore report. */
  readonly skipped: readonly SkippedSnapshot[];
}

interface Opened extends SnapshotName {
  readonly plaintext: Uint8Array;
  readonly createdAt: number;
}

/**
 * The newest snapshot (or the one asked for), decrypted. `ERR_BACKUP_NOT_FOUND` when none
 * matches; `ERR_BACKUP_KEY_MISMATCH` or `ERR_BACKUP_CORRUPT` when none of the candidates opens.
 *
 * @example
 * ```ts
 * const found = await fetchSnapshot({
 *   destination, identities: keyring.identities, createdAt: (p) => decodeSnapshot(p).createdAt,
 * });
 * console.log(`restoring generation ${found.generation} of device ${found.deviceId}`);
 * ```
 */
export async function fetchSnapshot(options: FetchSnapshotOptions): Promise<FetchedSnapshot> {
  const { deviceId, generation } = options;
  if (deviceId !== undefined && !isValidDeviceId(deviceId)) throw new TypeError('deviceId must be 1-64 characters of a-z, 0-9 and -');
  if (generation !== undefined) checkGeneration(generation);
  const skipped: SkippedSnapshot[] = [];
  const opened: Opened[] = [];
  for (const device of await listSnapshots(options.destination, deviceId)) {
    const names = device.snapshots.filter((s) => generation === undefined || s.generation === generation);
    opened.push(...(await openNewest(options, groupByGeneration(names), skipped)));
  }
  const best = opened.sort((a, b) => b.createdAt - a.createdAt || b.generation - a.generation || (b.name > a.name ? 1 : -1))[0];
  if (best !== undefined) return { ...best, skipped };
  const failure = skipped.find((s) => s.error.code === 'ERR_BACKUP_KEY_MISMATCH') ?? skipped[0];
  throw failure?.error ?? notFound(options);
}

/** Names grouped by generation, newest group first (names arrive sorted newest first). */
function groupByGeneration(names: readonly SnapshotName[]): SnapshotName[][] {
  const groups: SnapshotName[][] = [];
  for (const name of names) {
    const last = groups.at(-1);
    if (last?.[0]?.generation === name.generation) last.push(name);
    else groups.push([name]);
  }
  return groups;
}

/** One device's newest generation that opens (only its newest, unless `olderOnFailure`). */
async function openNewest(options: FetchSnapshotOptions, groups: readonly SnapshotName[][], skipped: SkippedSnapshot[]): Promise<Opened[]> {
  for (const group of groups) {
    const opened: Opened[] = [];
    for (const name of group) {
      const result = await openOne(options, name);
      if ('error' in result) skipped.push(result);
      else opened.push(result);
    }
    if (opened.length > 0 || options.olderOnFailure !== true) return opened;
  }
  return [];
}

async function openOne(options: FetchSnapshotOptions, snapshot: SnapshotName): Promise<Opened | SkippedSnapshot> {
  const file = await options.destination.read(snapshot.name);
  if (file === undefined) return { name: snapshot.name, error: new CoreError('ERR_BACKUP_NOT_FOUND', `${snapshot.name} vanished while being read.`) };
  let plaintext: Uint8Array;
  try {
    plaintext = await decryptSnapshot(file, options.identities);
  } catch (error) {
    if (isCoreError(error, 'ERR_BACKUP_CORRUPT') || isCoreError(error, 'ERR_BACKUP_KEY_MISMATCH')) return { name: snapshot.name, error };
    throw error;
  }
  const createdAt = options.createdAt(plaintext);
  if (!Number.isFinite(createdAt)) throw new TypeError('createdAt must return a finite number of milliseconds');
  return { ...snapshot, plaintext, createdAt };
}

function notFound(options: FetchSnapshotOptions): CoreError {
  const device = options.deviceId === undefined ? '' : ` of device ${options.deviceId}`;
  const generation = options.generation === undefined ? '' : ` with generation ${options.generation}`;
  return new CoreError('ERR_BACKUP_NOT_FOUND', `${options.destination.description} holds no backup${device}${generation}.`);
}
