/**
 * What this device remembers about its backups, in `backup-state.json` beside the vault. Nothing
 * here is secret: the device id, the last generation it published, the highest generation it has
 * seen from every device (for rollback protection) and the outcome of the last attempt, which
 * `tessera backup status` and `tessera doctor` report. Written atomically.
 *
 * @module
 */
import { join } from 'node:path';
import { CliError } from '../errors.js';
import { readFileIfExists, writeFileAtomic } from '../store/atomic-write.js';

/** File name of the backup state inside the vault folder. */
export const BACKUP_STATE_FILE = 'backup-state.json';

/** The backup state of this device. */
export interface BackupState {
  readonly version: 1;
  /** Random id naming this device's folder in the destination. */
  readonly deviceId: string;
  /** Machine fingerprint the device id belongs to; a different machine means a cloned vault folder. */
  readonly machine: string;
  /** The last generation this device published (0: none yet). */
  readonly generation: number;
  /** Highest generation seen per device id, from publishing or restoring. */
  readonly highestSeen: Readonly<Record<string, number>>;
  /** Account count of the last published snapshot, for the sharp-drop guard. */
  readonly lastCount?: number;
  /** ISO time of the last successful, verified backup. */
  readonly lastSuccess?: string;
  readonly lastAttempt?: string;
  /** Why the last attempt failed, when it did (never contains secrets). */
  readonly lastError?: string;
}

function invalid(message: string): CliError {
  return new CliError('ERR_BACKUP_STATE_INVALID', `${BACKUP_STATE_FILE} is damaged: ${message}. Move it aside; the next backup recreates it.`);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function parse(text: string): BackupState {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalid('not JSON');
  }
  if (typeof value !== 'object' || value === null) throw invalid('not an object');
  const record = value as Record<string, unknown>;
  if (record['version'] !== 1) throw invalid('unknown version');
  if (typeof record['deviceId'] !== 'string' || !/^[0-9a-f]{16}$/.test(record['deviceId'])) throw invalid('bad deviceId');
  if (typeof record['machine'] !== 'string' || !isCount(record['generation'])) throw invalid('bad machine or generation');
  const seen = record['highestSeen'];
  if (typeof seen !== 'object' || seen === null || Object.values(seen).some((n) => !isCount(n))) throw invalid('bad highestSeen');
  const highestSeen: Record<string, number> = Object.create(null) as Record<string, number>;
  for (const [device, generation] of Object.entries(seen as Record<string, number>)) highestSeen[device] = generation;
  const optionalString = (key: string): Record<string, string> => (typeof record[key] === 'string' ? { [key]: record[key] } : {});
  return {
    version: 1,
    deviceId: record['deviceId'],
    machine: record['machine'],
    generation: record['generation'],
    highestSeen,
    ...(isCount(record['lastCount']) ? { lastCount: record['lastCount'] } : {}),
    ...optionalString('lastSuccess'),
    ...optionalString('lastAttempt'),
    ...optionalString('lastError'),
  };
}

/** Reads the state, or `undefined` when this device has never been set up for backups. */
export async function readBackupState(dir: string): Promise<BackupState | undefined> {
  const bytes = await readFileIfExists(join(dir, BACKUP_STATE_FILE));
  return bytes === undefined ? undefined : parse(new TextDecoder().decode(bytes));
}

/** Writes the state atomically and durably. */
export async function writeBackupState(dir: string, state: BackupState): Promise<void> {
  await writeFileAtomic(join(dir, BACKUP_STATE_FILE), new TextEncoder().encode(`${JSON.stringify(state, null, 2)}\n`), { mode: 0o600 });
}

/** A fresh state for a device that has just been set up (or found itself cloned). */
export function newBackupState(deviceId: string, machine: string, highestSeen: Readonly<Record<string, number>> = {}): BackupState {
  return { version: 1, deviceId, machine, generation: 0, highestSeen: { ...highestSeen } };
}

/** Records a generation seen from `deviceId`, keeping the highest. */
export function noteSeen(state: BackupState, deviceId: string, generation: number): BackupState {
  const previous = state.highestSeen[deviceId] ?? 0;
  return generation <= previous ? state : { ...state, highestSeen: { ...state.highestSeen, [deviceId]: generation } };
}
