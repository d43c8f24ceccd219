/**
 * The device key: an age X25519 identity, generated when the vault is created, to which
 * `vault.age` is encrypted. It lives in exactly one place, recorded in `vault.json`:
 *
 * - `keychain`: the OS keychain (see `keychain.ts`), attributes service=tessera, vault=<vaultId>;
 * - `file`: `device.key`, mode 0600, in the vault folder (mode 0700);
 * - `passphrase`: `device.key.age`, a standard age file encrypted to the app-lock passphrase
 *   (scrypt, 2^18), and nowhere else.
 *
 * Moving the key (app lock set/removed) writes the new home first, then `vault.json`, then
 * deletes the old home, so a crash at any point leaves a readable vault. A cleartext
 * `device.key` that survives such a crash next to `vault.json` saying `passphrase` is deleted
 * by {@link reconcileKeyFiles}. Every function that changes files expects the caller to hold
 * the vault lock.
 *
 * @module
 */
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { decryptWithPassphrase, encryptWithPassphrase, SCRYPT_LOG_N_DEFAULT } from '../crypto/age-scrypt.js';
import { CliError, isCliError } from '../errors.js';
import { isErrnoException, readFileIfExists, writeFileAtomic, type AtomicWriteFs } from './atomic-write.js';
import type { Keychain } from './keychain.js';
import { writeMetadata, type KeyStorage, type VaultMetadata } from './metadata.js';
import { checkPassphraseStrength, normalizePassphrase } from './passphrase-policy.js';

/** The cleartext key file (keyStorage `file`). */
export const DEVICE_KEY_FILE = 'device.key';
/** The passphrase-encrypted key file (keyStorage `passphrase`). */
export const DEVICE_KEY_AGE_FILE = 'device.key.age';

/** Where and how the device key is kept; built once per vault folder. */
export interface DeviceKeyContext {
  readonly dir: string;
  /**
   * Finds the keychain; `null` when there is none (none available, or `TESSERA_KEYCHAIN=off`).
   * Called only when the key goes to or comes from a keychain, so a vault whose key is in a
   * file never pays for probing one.
   */
  readonly keychain: () => Promise<Keychain | null>;
  /** Asks the user for the app-lock passphrase; the CLI prompts or reads `TESSERA_PASSPHRASE`. */
  readonly askPassphrase?: (() => Promise<string>) | undefined;
  /** scrypt work factor of new `device.key.age` files; default 18 (tests use less). */
  readonly appLockLogN?: number | undefined;
  readonly fs?: AtomicWriteFs | undefined;
}

/**
 * Generates a new device key and stores it in the keychain, or in `device.key` without one.
 *
 * @example
 * ```ts
 * const { identity, keyStorage } = await createDeviceKey(ctx, vault.vaultId);
 * ```
 */
export async function createDeviceKey(ctx: DeviceKeyContext, vaultId: string): Promise<{ identity: string; keyStorage: KeyStorage }> {
  const identity = await generateX25519Identity();
  return { identity, keyStorage: await storePlainKey(ctx, vaultId, identity) };
}

/**
 * Loads the device key from where `meta` says it is, asking for the passphrase if app lock is on.
 *
 * @example
 * ```ts
 * const identity = await loadDeviceKey(ctx, meta); // 'AGE-SECRET-KEY-1…'
 * ```
 */
export async function loadDeviceKey(ctx: DeviceKeyContext, meta: VaultMetadata): Promise<string> {
  switch (meta.keyStorage) {
    case 'keychain':
      return checkIdentity(await lookupKeychain(ctx, meta.vaultId));
    case 'file':
      return checkIdentity(await readKeyFile(ctx.dir, DEVICE_KEY_FILE));
    case 'passphrase':
      return unlockWith(ctx, await askFor(ctx));
  }
}

/**
 * Turns app lock on: the key moves into `device.key.age`, encrypted to `passphrase`.
 *
 * @example
 * ```ts
 * meta = await setAppLock(ctx, meta, 'correct horse battery staple');
 * ```
 */
export async function setAppLock(ctx: DeviceKeyContext, meta: VaultMetadata, passphrase: string): Promise<VaultMetadata> {
  if (meta.keyStorage === 'passphrase') throw new CliError('ERR_APP_LOCK_ALREADY_SET', 'App lock is already on; use change instead.');
  checkPassphraseStrength(passphrase);
  const identity = await loadDeviceKey(ctx, meta);
  await writeLockedKey(ctx, identity, passphrase);
  const next: VaultMetadata = { ...meta, keyStorage: 'passphrase' };
  await writeMetadata(ctx.dir, next, ctx.fs);
  await forgetPlainKey(ctx, meta);
  return next;
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
  const next: VaultMetadata = { ...meta, keyStorage: await storePlainKey(ctx, meta.vaultId, identity) };
  await writeMetadata(ctx.dir, next, ctx.fs);
  await unlink(join(ctx.dir, DEVICE_KEY_AGE_FILE)).catch(ignoreMissing);
  return next;
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

/**
 * Deletes key copies that `meta` says should not exist (left by a crash while app lock was
 * being switched on or off). Call under the vault lock, never from a lock-free reader.
 *
 * @example
 * ```ts
 * await withLock(dir, () => reconcileKeyFiles(ctx, meta));
 * ```
 */
export async function reconcileKeyFiles(ctx: DeviceKeyContext, meta: VaultMetadata): Promise<void> {
  if (meta.keyStorage !== 'file') await unlink(join(ctx.dir, DEVICE_KEY_FILE)).catch(ignoreMissing);
  if (meta.keyStorage !== 'passphrase') await unlink(join(ctx.dir, DEVICE_KEY_AGE_FILE)).catch(ignoreMissing);
}

async function storePlainKey(ctx: DeviceKeyContext, vaultId: string, identity: string): Promise<'keychain' | 'file'> {
  const keychain = await ctx.keychain();
  if (keychain === null) {
    await writeFileAtomic(join(ctx.dir, DEVICE_KEY_FILE), Buffer.from(`${identity}\n`), keyFileOptions(ctx));
    return 'file';
  }
  await keychain.store(vaultId, identity);
  // Read it back: a keyring that silently dropped the key would make the vault unreadable.
  if ((await keychain.lookup(vaultId)) !== identity) {
    throw new CliError('ERR_KEYCHAIN_FAILED', `${keychain.name} did not keep the device key. Set TESSERA_KEYCHAIN=off to use a file.`);
  }
  return 'keychain';
}

async function forgetPlainKey(ctx: DeviceKeyContext, meta: VaultMetadata): Promise<void> {
  if (meta.keyStorage === 'keychain') await (await ctx.keychain())?.remove(meta.vaultId);
  await unlink(join(ctx.dir, DEVICE_KEY_FILE)).catch(ignoreMissing);
}

async function writeLockedKey(ctx: DeviceKeyContext, identity: string, passphrase: string): Promise<void> {
  const plaintext = Buffer.from(`${identity}\n`);
  try {
    const file = await encryptWithPassphrase(plaintext, normalizePassphrase(passphrase), ctx.appLockLogN ?? SCRYPT_LOG_N_DEFAULT);
    await writeFileAtomic(join(ctx.dir, DEVICE_KEY_AGE_FILE), file, keyFileOptions(ctx));
  } finally {
    plaintext.fill(0);
  }
}

async function unlockWith(ctx: DeviceKeyContext, passphrase: string): Promise<string> {
  const file = await readFileIfExists(join(ctx.dir, DEVICE_KEY_AGE_FILE));
  if (file === undefined) throw missing(`${DEVICE_KEY_AGE_FILE} is missing from the vault folder.`);
  let plaintext: Uint8Array;
  try {
    plaintext = await decryptWithPassphrase(file, normalizePassphrase(passphrase));
  } catch (error) {
    if (isCliError(error, 'ERR_PASSPHRASE_WRONG')) throw new CliError('ERR_PASSPHRASE_WRONG', 'Wrong app-lock passphrase.');
    throw new CliError('ERR_DEVICE_KEY_INVALID', `${DEVICE_KEY_AGE_FILE} is damaged.`, { cause: error });
  }
  try {
    return await checkIdentity(Buffer.from(plaintext).toString('utf8'));
  } finally {
    plaintext.fill(0);
  }
}

async function askFor(ctx: DeviceKeyContext): Promise<string> {
  const passphrase = ctx.askPassphrase === undefined ? '' : await ctx.askPassphrase();
  if (passphrase === '') throw new CliError('ERR_PASSPHRASE_REQUIRED', 'The vault has an app lock: a passphrase is required.');
  return passphrase;
}

async function lookupKeychain(ctx: DeviceKeyContext, vaultId: string): Promise<string> {
  const keychain = await ctx.keychain();
  if (keychain === null) {
    throw missing('The device key is in the OS keychain, but no keychain is available here (is TESSERA_KEYCHAIN=off set?).');
  }
  const identity = await keychain.lookup(vaultId);
  if (identity === undefined) {
    throw missing(`The device key is not in ${keychain.name}; was this vault folder copied from another machine?`);
  }
  return identity;
}

async function readKeyFile(dir: string, name: string): Promise<string> {
  const bytes = await readFileIfExists(join(dir, name));
  if (bytes === undefined) throw missing(`${name} is missing from the vault folder.`);
  return Buffer.from(bytes).toString('utf8');
}

/** Accepts only a well-formed age X25519 identity, so a damaged key fails here and not as "wrong key". */
async function checkIdentity(text: string): Promise<string> {
  const identity = text.trim();
  try {
    if (!identity.startsWith('AGE-SECRET-KEY-1')) throw new Error('not an age X25519 identity');
    await identityToRecipient(identity);
  } catch {
    // No cause: a bech32 error message would quote the (damaged) secret key.
    throw new CliError('ERR_DEVICE_KEY_INVALID', 'The stored device key is damaged.');
  }
  return identity;
}

function keyFileOptions(ctx: DeviceKeyContext): { mode: number; fs?: AtomicWriteFs } {
  return ctx.fs === undefined ? { mode: 0o600 } : { mode: 0o600, fs: ctx.fs };
}

function missing(message: string): CliError {
  return new CliError('ERR_DEVICE_KEY_MISSING', message);
}

function ignoreMissing(error: unknown): void {
  if (!isErrnoException(error, 'ENOENT')) throw error;
}
