/**
 * The automatic backup after each change. Once backups are set up (and `auto` is on), every
 * command that changes the vault publishes a new generation right after its change is on disk.
 * A failure never undoes or hides the change: it is printed, recorded for `backup status` and
 * `doctor`, and the next change or `tessera backup now` tries again.
 *
 * @module
 */
import type { Vault } from '@tessera/core';
import type { CliIo } from '../io.js';
import type { FileVaultStore } from '../store/vault-store.js';
import { readBackupSettings } from './settings.js';

/** Backs up `vault` if automatic backup is on; reports failures on stderr and returns normally. */
export async function autoBackup(io: CliIo, store: FileVaultStore, vault: Vault): Promise<void> {
  const sealer = store.deviceSealer();
  const settings = await readBackupSettings(store.dir, sealer).catch(() => undefined);
  if (settings?.auto !== true) return;
  try {
    // Loaded only when there is a backup to make: the engine brings in the backup format and
    // every destination, which the change itself (an import, an added account) never needs.
    const { backupNow, openBackupSession } = await import('./engine.js');
    const outcome = await backupNow(io, await openBackupSession(io, store.dir, sealer), vault, { confirmDrop: false });
    io.stderr.write(`Backed up (generation ${String(outcome.generation)}).\n`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const code = typeof error === 'object' && error !== null && 'code' in error ? ` [${String(error.code)}]` : '';
    io.stderr.write(`tessera: your change is saved on this device, but the automatic backup failed: ${message}${code}\n`);
    io.stderr.write('tessera: run `tessera backup now` to retry, or `tessera doctor` for details.\n');
  }
}
