/**
 * Where things live in a destination. Every object is written once under a name nobody has used
 * and is never replaced:
 *
 *     tessera/keyring/<seq: 6 digits>-<8 hex>.age                        the keyring (newest seq wins)
 *     tessera/devices/<deviceId>/<generation: 12 digits>-<8 hex>.age     snapshots of one device
 *
 * ARCHITECTURE.md §4 proposed a single `tessera/keyring.age` and `<generation>.age`; both would
 * be overwritten in place (a new passphrase, or two clones of one device writing the same
 * generation), and destinations cannot be trusted to refuse or to write atomically: many ignore
 * `If-None-Match`. So names carry a sequence or generation that orders them, and 32 random bits
 * that keep two writers from ever choosing the same name; a new object is verified by reading
 * it back before anything older is deleted. Zero-padding makes names sort like their numbers.
 * Names that do not match these patterns (a foreign file, a half-uploaded temp) are ignored.
 *
 * @module
 */
import { isDeviceId, type Destination } from '@tessera/core';
import { randomHex, type RandomSource } from './internal/bytes.js';

/** Prefix of every keyring object. */
export const KEYRING_PREFIX = 'tessera/keyring/';
/** Prefix of every device's snapshots. */
export const DEVICES_PREFIX = 'tessera/devices/';
/** Highest keyring sequence number (6 digits). */
export const MAX_KEYRING_SEQ = 999_999;
/** Highest snapshot generation (12 digits). */
export const MAX_GENERATION = 999_999_999_999;

const KEYRING_NAME = /^tessera\/keyring\/([0-9]{6})-([0-9a-f]{8})\.age$/;
const SNAPSHOT_NAME = /^tessera\/devices\/([a-z0-9][a-z0-9-]{0,63})\/([0-9]{12})-([0-9a-f]{8})\.age$/;

/** A keyring object's name, parsed. */
export interface KeyringName {
  readonly name: string;
  readonly seq: number;
}

/** A snapshot object's name, parsed. */
export interface SnapshotName {
  readonly name: string;
  readonly deviceId: string;
  readonly generation: number;
}

/** One device's snapshots, newest first. */
export interface DeviceSnapshots {
  readonly deviceId: string;
  readonly snapshots: readonly SnapshotName[];
}

/**
 * True for a usable device id: 1–64 characters of `a-z`, `0-9` and `-`, not starting with `-`.
 *
 * @example
 * ```ts
 * isValidDeviceId('3f2c9a4e-8d1b-4c57-9a0e-6b7d5c4e3f21'); // true
 * isValidDeviceId('../x'); // false
 * ```
 */
export function isValidDeviceId(deviceId: string): boolean {
  // One rule for the snapshot document and the layout: the core's.
  return isDeviceId(deviceId);
}

/**
 * A fresh keyring name for sequence number `seq`.
 *
 * @example
 * ```ts
 * keyringName(1, random); // 'tessera/keyring/000001-9f3a06c2.age'
 * ```
 */
export function keyringName(seq: number, random: RandomSource): string {
  if (!Number.isSafeInteger(seq) || seq < 0 || seq > MAX_KEYRING_SEQ) throw new RangeError(`seq must be an integer in [0, ${MAX_KEYRING_SEQ}]`);
  return `${KEYRING_PREFIX}${String(seq).padStart(6, '0')}-${randomHex(random, 4)}.age`;
}

/**
 * A fresh snapshot name for one device's generation.
 *
 * @example
 * ```ts
 * snapshotName('3f2c9a4e-8d1b-4c57-9a0e-6b7d5c4e3f21', 7, random);
 * // 'tessera/devices/3f2c9a4e-8d1b-4c57-9a0e-6b7d5c4e3f21/000000000007-0b41d9e7.age'
 * ```
 */
export function snapshotName(deviceId: string, generation: number, random: RandomSource): string {
  checkSnapshotTarget(deviceId, generation);
  return `${DEVICES_PREFIX}${deviceId}/${String(generation).padStart(12, '0')}-${randomHex(random, 4)}.age`;
}

/** Throws a TypeError/RangeError unless `deviceId` and `generation` can form a snapshot name. */
export function checkSnapshotTarget(deviceId: string, generation: number): void {
  if (!isValidDeviceId(deviceId)) throw new TypeError('deviceId must be 1-64 characters of a-z, 0-9 and -');
  checkGeneration(generation);
}

/** Throws a RangeError unless `generation` fits a snapshot name. */
export function checkGeneration(generation: number): void {
  if (!Number.isSafeInteger(generation) || generation < 0 || generation > MAX_GENERATION) {
    throw new RangeError(`generation must be an integer in [0, ${MAX_GENERATION}]`);
  }
}

/**
 * The parts of a keyring name, or `undefined` for any other name.
 *
 * @example
 * ```ts
 * parseKeyringName('tessera/keyring/000002-9f3a06c2.age'); // { name, seq: 2 }
 * ```
 */
export function parseKeyringName(name: string): KeyringName | undefined {
  const match = KEYRING_NAME.exec(name);
  return match?.[1] === undefined ? undefined : { name, seq: Number(match[1]) };
}

/**
 * The parts of a snapshot name, or `undefined` for any other name.
 *
 * @example
 * ```ts
 * parseSnapshotName('tessera/devices/ab12/000000000007-0b41d9e7.age'); // { name, deviceId: 'ab12', generation: 7 }
 * ```
 */
export function parseSnapshotName(name: string): SnapshotName | undefined {
  const match = SNAPSHOT_NAME.exec(name);
  if (match?.[1] === undefined || match[2] === undefined) return undefined;
  return { name, deviceId: match[1], generation: Number(match[2]) };
}

/**
 * The newest keyring among `names` (highest sequence; the name breaks ties, so every reader
 * picks the same one), or `undefined` when there is none.
 *
 * @example
 * ```ts
 * latestKeyringName((await destination.list(KEYRING_PREFIX)).map((e) => e.name));
 * ```
 */
export function latestKeyringName(names: readonly string[]): string | undefined {
  return sortKeyringNames(names)[0]?.name;
}

/** Keyring names among `names`, newest first. */
export function sortKeyringNames(names: readonly string[]): KeyringName[] {
  const parsed = names.map(parseKeyringName).filter((k) => k !== undefined);
  return parsed.sort((a, b) => b.seq - a.seq || compareText(b.name, a.name));
}

/** Snapshot names among `names`, newest first (highest generation; the name breaks ties). */
export function sortSnapshotNames(names: readonly SnapshotName[]): SnapshotName[] {
  return [...names].sort((a, b) => b.generation - a.generation || compareText(b.name, a.name));
}

/**
 * Every snapshot in a destination (or of one device), grouped by device: devices in id order,
 * each device's snapshots newest first.
 *
 * @example
 * ```ts
 * for (const { deviceId, snapshots } of await listSnapshots(destination)) console.log(deviceId, snapshots[0]?.generation);
 * ```
 */
export async function listSnapshots(destination: Destination, deviceId?: string): Promise<DeviceSnapshots[]> {
  if (deviceId !== undefined && !isValidDeviceId(deviceId)) throw new TypeError('deviceId must be 1-64 characters of a-z, 0-9 and -');
  const prefix = deviceId === undefined ? DEVICES_PREFIX : `${DEVICES_PREFIX}${deviceId}/`;
  const byDevice = new Map<string, SnapshotName[]>();
  for (const entry of await destination.list(prefix)) {
    const parsed = parseSnapshotName(entry.name);
    if (parsed === undefined) continue;
    const list = byDevice.get(parsed.deviceId) ?? [];
    if (!list.some((s) => s.name === parsed.name)) list.push(parsed);
    byDevice.set(parsed.deviceId, list);
  }
  return [...byDevice.keys()].sort(compareText).map((deviceId) => ({ deviceId, snapshots: sortSnapshotNames(byDevice.get(deviceId) ?? []) }));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
