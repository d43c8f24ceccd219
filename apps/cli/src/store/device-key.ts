/**
 * The device key: an age X25519 identity, generated when the vault is created, to which
 * `vault.age` is encrypted. It lives in exactly one place, recorded in `vault.json`:
 *
 * - `keychain`: the OS keychain (see `keychain.ts`), attributes service=tessera, vault=<vaultId>;
 * - `file`: `device.key`, mode 0600, in the vault folder (mode 0700);
 * - `passphrase`: `device.key.age`, a standard age file encrypted to the app-lock passphrase
 *   (scrypt, 2^18), and nowhere else.
 *
 * Moving the key between these homes is `app-lock.ts`; deleting copies left behind is
 * `key-cleanup.ts`. Every function that changes files expects the caller to hold the vault lock.
 *
 * @module
 */
import { join } from 'node:path';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { decryptWithPassphrase, encryptWithPassphrase, SCRYPT_LOG_N_DEFAULT } from '../crypto/age-scrypt.js';
import { CliError, isCliError } from '../errors.js';
import { readFileIfExists, writeFileAtomic, type AtomicWriteFs } from './atomic-write.js';
import type { Keychain } from './keychain.js';
import type { KeyStorage, VaultMetadata } from './metadata.js';
import { normalizePassphrase } from '@tessera/core';

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
 * Stores the key in the keychain, or in `device.key` when there is none, and says which.
 *
 * @example
 * ```ts
 * const keyStorage = await storePlainKey(ctx, meta.vaultId, identity); // 'keychain' | 'file'
 * ```
 */
export async function storePlainKey(ctx: DeviceKeyContext, vaultId: string, identity: string): Promise<'keychain' | 'file'> {
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

/**
 * Writes `device.key.age`: the key encrypted to `passphrase` (age scrypt), atomically.
 *
 * @example
 * ```ts
 * await writeLockedKey(ctx, identity, 'violet tractor ocean 47');
 * ```
 */
export async function writeLockedKey(ctx: DeviceKeyContext, identity: string, passphrase: string): Promise<void> {
  const plaintext = Buffer.from(`${identity}\n`);
  try {
    const file = await encryptWithPassphrase(plaintext, normalizePassphrase(passphrase), ctx.appLockLogN ?? SCRYPT_LOG_N_DEFAULT);
    await writeFileAtomic(join(ctx.dir, DEVICE_KEY_AGE_FILE), file, keyFileOptions(ctx));
  } finally {
    plaintext.fill(0);
  }
}

/**
 * The key from `device.key.age`, decrypted with `passphrase` (`ERR_PASSPHRASE_WRONG`, `ERR_DEVICE_KEY_MISSING`).
 *
 * @example
 * ```ts
 * const identity = await unlockWith(ctx, 'violet tractor ocean 47');
 * ```
 */
export async function unlockWith(ctx: DeviceKeyContext, passphrase: string): Promise<string> {
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
