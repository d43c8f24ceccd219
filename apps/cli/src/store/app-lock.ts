/**
 * App lock: moving the device key into `device.key.age`, encrypted to a passphrase, and back
 * to the keychain or `device.key`; and changing the passphrase. The vault stays readable at
 * every instant, and a failure part-way leaves a state that the next command finishes:
 *
 * 1. write the key's new home;
 * 2. write `vault.json` naming the new home, with the old one recorded in `staleKeyCopies`;
 * 3. delete the old copy and drop the record ({@link reconcileKeyCopies}).
 *
 * If step 3 fails (a keychain that will not delete, a crash), the record stays, and every
 * later command retries the deletion. Running `app-lock enable` again with the same passphrase
 * finishes an interrupted `enable` and succeeds. Call these under the vault lock, after
 * `reconcileKeyCopies(ctx, meta, { strict: true })`.
 *
 * @module
 */
import { CliError, isCliError } from '../errors.js';
import { loadDeviceKey, storePlainKey, unlockWith, writeLockedKey, type DeviceKeyContext } from './device-key.js';
import { reconcileKeyCopies } from './key-cleanup.js';
import { writeMetadata, type KeyStorage, type VaultMetadata } from './metadata.js';
import { checkPassphraseStrength } from '@tessera/core';

/**
 * Turns app lock on: the key moves into `device.key.age`, encrypted to `passphrase`. When app
 * lock is already on, succeeds if `passphrase` is the one set (so a retry finishes an
 * interrupted `enable`), else `ERR_APP_LOCK_ALREADY_SET`. `loadIdentity` lets the caller supply
 * a key it loaded before taking the lock.
 *
 * @example
 * ```ts
 * meta = await setAppLock(ctx, meta, 'correct horse battery staple');
 * ```
 */
export async function setAppLock(
  ctx: DeviceKeyContext,
  meta: VaultMetadata,
  passphrase: string,
  loadIdentity: () => Promise<string> = () => loadDeviceKey(ctx, meta),
): Promise<VaultMetadata> {
  if (meta.keyStorage === 'passphrase') return confirmAppLock(ctx, meta, passphrase);
  checkPassphraseStrength(passphrase);
  const identity = await loadIdentity();
  await writeLockedKey(ctx, identity, passphrase);
  try {
    return await moveKey(ctx, meta, 'passphrase');
  } catch (error) {
    if (!isCliError(error, 'ERR_KEYCHAIN_FAILED')) throw error;
    throw new CliError(
      'ERR_KEYCHAIN_FAILED',
      'App lock is on, but the old copy of the device key could not be removed from the keychain. ' +
        'Run `tessera app-lock enable` again with the same passphrase to finish; every other command retries it too.',
      { cause: error },
    );
  }
}

/**
 * Turns app lock off: the key moves back to the keychain (or `device.key`).
 *
 * @example
 * ```ts
 * meta = await removeAppLock(ctx, meta, 'correct horse battery staple');
 * ```
 */
export async function removeAppLock(ctx: DeviceKeyContext, meta: VaultMetadata, passphrase: string): Promise<VaultMetadata> {
  if (meta.keyStorage !== 'passphrase') throw new CliError('ERR_APP_LOCK_NOT_SET', 'App lock is not on.');
  const identity = await unlockWith(ctx, passphrase);
  return moveKey(ctx, meta, await storePlainKey(ctx, meta.vaultId, identity));
}

/**
 * Re-encrypts `device.key.age` to a new passphrase (the key itself does not change).
 *
 * @example
 * ```ts
 * await changeAppLock(ctx, meta, oldPassphrase, newPassphrase);
 * ```
 */
export async function changeAppLock(ctx: DeviceKeyContext, meta: VaultMetadata, oldPassphrase: string, newPassphrase: string): Promise<void> {
  if (meta.keyStorage !== 'passphrase') throw new CliError('ERR_APP_LOCK_NOT_SET', 'App lock is not on.');
  checkPassphraseStrength(newPassphrase);
  const identity = await unlockWith(ctx, oldPassphrase);
  await writeLockedKey(ctx, identity, newPassphrase);
}

/** Steps 2 and 3: the key is already in its new home `to`. */
async function moveKey(ctx: DeviceKeyContext, meta: VaultMetadata, to: KeyStorage): Promise<VaultMetadata> {
  const next: VaultMetadata = { ...meta, keyStorage: to, staleKeyCopies: [meta.keyStorage] };
  await writeMetadata(ctx.dir, next, ctx.fs);
  return reconcileKeyCopies(ctx, next, { strict: true });
}

async function confirmAppLock(ctx: DeviceKeyContext, meta: VaultMetadata, passphrase: string): Promise<VaultMetadata> {
  try {
    await unlockWith(ctx, passphrase);
  } catch (error) {
    if (!isCliError(error, 'ERR_PASSPHRASE_WRONG')) throw error;
    throw new CliError('ERR_APP_LOCK_ALREADY_SET', 'App lock is already on, with another passphrase; use change instead.');
  }
  return meta;
}
