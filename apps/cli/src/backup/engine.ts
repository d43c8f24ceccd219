/**
 * Backing up this device's vault: the steps `tessera backup now`, the automatic backup after
 * each change and `backup verify` share. The protocol itself (never overwrite, read back,
 * decrypt, compare, then prune) lives in `@tessera/backup`; this module supplies the vault, the
 * device's identity in the destination and its memory of what it has seen.
 *
 * @module
 */
import {
  checkCountDrop,
  compareSnapshotToVault,
  createSnapshot,
  decodeSnapshot,
  encodeSnapshot,
  type Snapshot,
  type SnapshotComparison,
  type Vault,
} from '@tessera/core';
import { decodeKeyring, fetchSnapshot, listSnapshots, publishGeneration, type PublishResult } from '@tessera/backup';
import { CliError } from '../errors.js';
import type { CliIo } from '../io.js';
import { machineFingerprint, machineIdFromEnv } from '../store/machine-id.js';
import { openDestination, type OpenedDestination } from './open-destination.js';
import { readBackupSettings, type BackupSettings, type DeviceSealer } from './settings.js';
import { newBackupState, readBackupState, writeBackupState, type BackupState } from './state.js';

/** Everything needed to act on this device's backups. */
export interface BackupSession {
  readonly dir: string;
  readonly settings: BackupSettings;
  readonly state: BackupState;
  readonly opened: OpenedDestination;
  /** Set when this vault folder turned out to be a copy from another machine. */
  readonly cloned: boolean;
}

/** A new random device id (16 hex characters). */
export function newDeviceId(io: CliIo): string {
  return Buffer.from(io.random(8)).toString('hex');
}

/**
 * This machine's fingerprint (the same one the vault store records). `TESSERA_MACHINE_ID`
 * overrides the OS's machine id, for containers that share one and for tests that play two
 * machines.
 */
export async function currentMachine(io: CliIo): Promise<string> {
  return machineFingerprint(await machineIdFromEnv(io.env)());
}

/**
 * The device's state, new if missing. A vault folder copied to another machine (a device
 * backup restored elsewhere) must not keep publishing as the original device, or the two would
 * interleave generations: it gets a new device id, keeping what it has seen.
 */
export async function deviceState(io: CliIo, dir: string): Promise<{ state: BackupState; cloned: boolean }> {
  const machine = await currentMachine(io);
  const existing = await readBackupState(dir);
  if (existing === undefined) return { state: newBackupState(newDeviceId(io), machine), cloned: false };
  if (existing.machine === machine) return { state: existing, cloned: false };
  const state = newBackupState(newDeviceId(io), machine, existing.highestSeen);
  await writeBackupState(dir, state);
  return { state, cloned: true };
}

/** Opens this device's backup session; `ERR_BACKUP_NOT_SET_UP` when there is none. */
export async function openBackupSession(io: CliIo, dir: string, sealer: DeviceSealer): Promise<BackupSession> {
  const settings = await readBackupSettings(dir, sealer);
  if (settings === undefined) {
    throw new CliError('ERR_BACKUP_NOT_SET_UP', 'Backups are not set up on this device. Run `tessera backup setup --to DEST` (a folder, webdav(s)://… or s3://…).');
  }
  const { state, cloned } = await deviceState(io, dir);
  const opened = await openDestination(io, settings.destination, settings.credentials);
  return { dir, settings, state, opened, cloned };
}

/** The identities of the keyring held in the settings. */
export function identitiesOf(settings: BackupSettings): readonly string[] {
  return decodeKeyring(new TextEncoder().encode(settings.keyring)).identities;
}

/** The highest generation of `deviceId` already in the destination (0 when none). */
async function remoteGeneration(session: BackupSession): Promise<number> {
  // Only this device's folder: listing every device's generations would grow with the others' history.
  const [mine] = await listSnapshots(session.opened.destination, session.state.deviceId);
  return mine?.snapshots.reduce((max, snapshot) => Math.max(max, snapshot.generation), 0) ?? 0;
}

/** Refuses a snapshot that loses most (or all) accounts unless the person confirmed it. */
function guardCountDrop(state: BackupState, vault: Vault, confirmed: boolean): void {
  const verdict = checkCountDrop(state.lastCount, vault.accounts.length);
  if (verdict === 'ok' || confirmed) return;
  const was = String(state.lastCount ?? 0);
  const now = String(vault.accounts.length);
  throw new CliError(
    'ERR_BACKUP_COUNT_DROP',
    `The last backup held ${was} accounts; this one would hold ${now}. If that is what you want, run \`tessera backup now --yes\`.`,
  );
}

/** The state without a recorded failure (after a success). */
function withoutError(state: BackupState): BackupState {
  const copy: { -readonly [K in keyof BackupState]: BackupState[K] } = { ...state };
  delete copy.lastError;
  return copy;
}

/** What {@link backupNow} did. */
export interface BackupOutcome extends PublishResult {
  readonly generation: number;
  readonly count: number;
}

/** Publishes the vault as this device's next generation and records the outcome in the state. */
export async function backupNow(io: CliIo, session: BackupSession, vault: Vault, options: { confirmDrop: boolean }): Promise<BackupOutcome> {
  const attempt = new Date(io.now()).toISOString();
  try {
    guardCountDrop(session.state, vault, options.confirmDrop);
    const generation = Math.max(session.state.generation, await remoteGeneration(session)) + 1;
    const snapshot = createSnapshot(vault, { deviceId: session.state.deviceId, deviceName: session.settings.deviceName, generation, now: io.now() });
    const result = await publishGeneration({
      destination: session.opened.destination,
      deviceId: session.state.deviceId,
      generation,
      plaintext: encodeSnapshot(snapshot),
      recipients: [session.settings.recipient],
      identities: identitiesOf(session.settings),
      random: io.random,
      keep: session.settings.keep,
    });
    await writeBackupState(session.dir, {
      ...withoutError(session.state),
      generation,
      lastCount: vault.accounts.length,
      lastSuccess: attempt,
      lastAttempt: attempt,
      highestSeen: { ...session.state.highestSeen, [session.state.deviceId]: generation },
    });
    return { ...result, generation, count: vault.accounts.length };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await writeBackupState(session.dir, { ...session.state, lastAttempt: attempt, lastError: message });
    throw error;
  }
}

/** The newest backup of this device (or of any device), decrypted and decoded. */
export async function latestSnapshot(session: BackupSession, anyDevice = false): Promise<{ name: string; snapshot: Snapshot }> {
  const found = await fetchSnapshot({
    destination: session.opened.destination,
    identities: identitiesOf(session.settings),
    ...(anyDevice ? {} : { deviceId: session.state.deviceId }),
    createdAt: (plaintext) => decodeSnapshot(plaintext).createdAt,
  });
  return { name: found.name, snapshot: decodeSnapshot(found.plaintext) };
}

/** The restore drill: the latest backup of this device, compared with the vault. */
export async function verifyLatest(session: BackupSession, vault: Vault): Promise<{ name: string; snapshot: Snapshot; comparison: SnapshotComparison }> {
  const { name, snapshot } = await latestSnapshot(session);
  return { name, snapshot, comparison: compareSnapshotToVault(snapshot, vault) };
}
