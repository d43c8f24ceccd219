/**
 * Deleting copies of the device key that `vault.json` does not name. They are left when moving
 * the key (app lock set or removed) is interrupted between writing `vault.json` and deleting
 * the old copy: by a crash, or by a keychain that refused to delete. The move records the old
 * home in `vault.json` (`staleKeyCopies`) before deleting it, and clears the record after, so
 * the deletion is retried until it succeeds:
 *
 * - every command that takes the lock retries it;
 * - readers retry it when they can take the lock at once, and never wait for it.
 *
 * Key files that `vault.json` does not name are deleted whether recorded or not, as that costs
 * no more than an `unlink`. The keychain is touched only when a copy is recorded there, or by
 * the app-lock commands, so ordinary commands on a file-based vault never probe for a keychain.
 *
 * @module
 */
import { join } from 'node:path';
import { CliError } from '../errors.js';
import { fileExists, isErrnoException, nodeAtomicWriteFs, syncDirectory } from './atomic-write.js';
import { DEVICE_KEY_AGE_FILE, DEVICE_KEY_FILE, type DeviceKeyContext } from './device-key.js';
import { settledMetadata, writeMetadata, type VaultMetadata } from './metadata.js';

/** How hard {@link reconcileKeyCopies} tries. */
export interface ReconcileOptions {
  /**
   * `true` for the app-lock commands: a keychain that fails is an error, and under app lock the
   * keychain is cleared even with nothing recorded (which catches copies left by older
   * versions). `false` for every other command: a keychain failure leaves the record for the
   * next try, so a flaky keychain never stops anyone from reading their codes.
   */
  readonly strict: boolean;
}

/**
 * True when the folder may hold a key copy that `vault.json` does not name. Cheap: reads no
 * keychain, only looks for `device.key`. Readers call it to decide whether to try the cleanup.
 *
 * @example
 * ```ts
 * if (await needsKeyCleanup(dir, meta)) await tryUnderLock(() => reconcileKeyCopies(ctx, meta, { strict: false }));
 * ```
 */
export async function needsKeyCleanup(dir: string, meta: VaultMetadata): Promise<boolean> {
  if (meta.staleKeyCopies !== undefined) return true;
  return meta.keyStorage !== 'file' && (await fileExists(join(dir, DEVICE_KEY_FILE)));
}

/**
 * Deletes key copies `meta` does not name, durably, then drops the `staleKeyCopies` record.
 * Returns the metadata now on disk. Call under the vault lock, never from a lock-free reader:
 * a reader's stale view could delete a key that an app-lock switch has just moved there.
 *
 * @example
 * ```ts
 * meta = await withLock(dir, () => reconcileKeyCopies(ctx, meta, { strict: false }));
 * ```
 */
export async function reconcileKeyCopies(ctx: DeviceKeyContext, meta: VaultMetadata, options: ReconcileOptions): Promise<VaultMetadata> {
  await removeStrayKeyFiles(ctx, meta);
  const recorded = meta.staleKeyCopies?.includes('keychain') === true;
  if (meta.keyStorage !== 'keychain' && (recorded || (options.strict && meta.keyStorage === 'passphrase'))) {
    try {
      await clearKeychain(ctx, meta, recorded);
    } catch (error) {
      if (options.strict) throw error;
      return meta;
    }
  }
  if (meta.staleKeyCopies === undefined) return meta;
  const settled = settledMetadata(meta);
  await writeMetadata(ctx.dir, settled, ctx.fs);
  return settled;
}

async function removeStrayKeyFiles(ctx: DeviceKeyContext, meta: VaultMetadata): Promise<void> {
  const fs = ctx.fs ?? nodeAtomicWriteFs;
  const stray = [meta.keyStorage === 'file' ? undefined : DEVICE_KEY_FILE, meta.keyStorage === 'passphrase' ? undefined : DEVICE_KEY_AGE_FILE];
  let removed = false;
  for (const name of stray) {
    if (name === undefined) continue;
    try {
      await fs.unlink(join(ctx.dir, name));
      removed = true;
    } catch (error) {
      if (!isErrnoException(error, 'ENOENT')) throw error;
    }
  }
  // Without this, a power cut could bring a deleted cleartext key back.
  if (removed) await syncDirectory(fs, ctx.dir);
}

/** Removes the vault's keychain item. No keychain here is a failure only if a copy is recorded there. */
async function clearKeychain(ctx: DeviceKeyContext, meta: VaultMetadata, recorded: boolean): Promise<void> {
  const keychain = await ctx.keychain();
  if (keychain !== null) {
    await keychain.remove(meta.vaultId);
    return;
  }
  if (recorded) {
    throw new CliError(
      'ERR_KEYCHAIN_FAILED',
      'An old copy of the device key may still be in the OS keychain, and no keychain is available here to remove it. Run `tessera app-lock enable` again where the keychain works.',
    );
  }
}
