/**
 * The local vault on disk: a folder holding `vault.age` (the vault, age-encrypted to the
 * device key), `vault.json` (non-secret metadata), the device key when it is not in the
 * keychain, and `vault.lock` while a process changes anything. See docs/formats/local-vault.md.
 *
 * Reads take no lock: every write is an atomic rename, so a reader sees a whole old or whole
 * new file. (A reader takes the lock only to delete a leftover key copy, and only if it is free
 * at once.) Every change loads the device key first, so no one waits on the lock while a
 * passphrase is typed, then runs under the folder lock as read → apply → encrypt → atomic,
 * durable write, so concurrent processes never lose an update, and a changed HOTP counter is
 * on disk before the caller shows the code. Nothing secret ever reaches the disk in the clear.
 *
 * @module
 */
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import type { Vault } from '@tessera/core';
import { CliError, isCliError } from '../errors.js';
import { readFileIfExists, removeOrphanTempFiles, writeFileAtomic } from './atomic-write.js';
import * as appLock from './app-lock.js';
import { DEVICE_KEY_AGE_FILE, DEVICE_KEY_FILE, type DeviceKeyContext } from './device-key.js';
import { DeviceKeyAccess } from './key-access.js';
import { needsKeyCleanup, reconcileKeyCopies } from './key-cleanup.js';
import { withLock, type LockOptions } from './lock.js';
import { readMachineId } from './machine-id.js';
import { METADATA_FILE, readMetadata, type VaultMetadata } from './metadata.js';
import { decryptVault, encryptVault, openFromDevice, sealToDevice } from './vault-cipher.js';
import type { FileVaultStoreOptions, UpdateOptions, VaultChange } from './store-options.js';
import { createVaultFiles, ensureVaultDir, finishCreation, folderState, notFound, VAULT_FILE, vaultFileMissing } from './vault-create.js';

export { VAULT_FILE } from './vault-create.js';

export type { FileVaultStoreOptions, UpdateOptions, VaultChange } from './store-options.js';

/** The files the store writes atomically: only their temp files are ever swept as orphans. */
// Files beside the vault that other parts of the CLI write atomically (backup settings and state).
const OWN_FILES: readonly string[] = [VAULT_FILE, METADATA_FILE, DEVICE_KEY_FILE, DEVICE_KEY_AGE_FILE, 'backup.age', 'backup-state.json'];

/**
 * The encrypted, locked, durable vault store over one folder.
 *
 * @example
 * ```ts
 * const store = new FileVaultStore({ dir, keychain: () => detectKeychain({ mode: 'auto', platform: process.platform }) });
 * if (!(await store.exists())) await store.create(createVault({ now: Date.now(), random }));
 * const code = await store.update((vault) => advanceAndCompute(vault)); // durable before it returns
 * ```
 */
export class FileVaultStore {
  readonly dir: string;
  readonly #options: FileVaultStoreOptions;
  readonly #keys: DeviceKeyAccess;

  constructor(options: FileVaultStoreOptions) {
    this.dir = options.dir;
    this.#options = options;
    this.#keys = new DeviceKeyAccess(options);
  }

  /** True when the folder holds a vault (`vault.age`). */
  async exists(): Promise<boolean> {
    return access(this.#vaultPath).then(
      () => true,
      () => false,
    );
  }

  /** The folder's `vault.json`; `ERR_VAULT_NOT_FOUND` when there is no vault. */
  async metadata(): Promise<VaultMetadata> {
    const meta = await readMetadata(this.dir);
    if (meta !== undefined) return meta;
    if (await this.exists()) throw new CliError('ERR_VAULT_METADATA_INVALID', 'vault.json is missing from the vault folder.');
    throw notFound(this.dir);
  }

  /**
   * Creates the vault: a new device key, `vault.json`, then `vault.age`. `ERR_VAULT_EXISTS` if
   * there is one; `ERR_VAULT_NOT_FOUND` if `vault.json` shows one whose `vault.age` is missing.
   */
  async create(vault: Vault): Promise<void> {
    await ensureVaultDir(this.dir);
    await this.#locked(async () => {
      const state = await folderState(this.dir);
      if (state === 'ready') throw new CliError('ERR_VAULT_EXISTS', `A vault already exists in ${this.dir}.`);
      if (state === 'vault-missing') throw vaultFileMissing(this.dir);
      await this.#createFiles(vault);
    });
  }

  /**
   * The decrypted vault. `ERR_VAULT_NOT_FOUND`, `ERR_VAULT_DECRYPT_FAILED`, or the core's decode
   * errors. Takes no lock, except to delete a leftover key copy when the lock is free at once.
   */
  async read(): Promise<Vault> {
    const meta = await this.metadata();
    if (await needsKeyCleanup(this.dir, meta)) await this.#cleanUpIfFree();
    return this.#readVault();
  }

  async #readVault(): Promise<Vault> {
    const meta = await this.metadata();
    const file = await readFileIfExists(this.#vaultPath);
    if (file === undefined) throw meta.creating === true ? notFound(this.dir) : vaultFileMissing(this.dir);
    return this.#decrypt(file, meta);
  }

  /**
   * Like {@link read}, but `undefined` when no vault was ever (completely) created here. A
   * vault whose `vault.age` is missing is still `ERR_VAULT_NOT_FOUND`, with a hint.
   */
  async readIfPresent(): Promise<Vault | undefined> {
    const state = await folderState(this.dir);
    return state === 'empty' || state === 'unfinished' ? undefined : this.read();
  }

  /**
   * Under the lock: reads the newest vault, applies `fn`, writes the result atomically and
   * durably, and returns `fn`'s result. Returning the same vault object writes nothing.
   */
  async update<T>(fn: (vault: Vault) => VaultChange<T> | Promise<VaultChange<T>>, options: UpdateOptions = {}): Promise<T> {
    const create = options.createIfMissing;
    if (create === undefined) await this.#requireVault();
    else await ensureVaultDir(this.dir);
    await this.#unlockAhead(true);
    return this.#locked(async () => {
      const state = await folderState(this.dir);
      if (state !== 'ready') {
        if (state === 'vault-missing') throw vaultFileMissing(this.dir);
        if (create === undefined) throw notFound(this.dir);
        await this.#createFiles(create());
      }
      const created = await finishCreation(this.dir, await this.metadata(), this.#options.fs);
      const meta = await reconcileKeyCopies(this.#keys.context, created, { strict: false });
      const current = await this.#readVault();
      const change = await fn(current);
      if (change.vault !== current) await this.#write(change.vault, meta, await this.#keys.identityFor(meta));
      return change.result;
    });
  }

  /**
   * Encryption to this device's key for other files beside the vault (backup settings), so they
   * are protected exactly as the vault is, app lock included.
   */
  deviceSealer(): { seal(plaintext: Uint8Array): Promise<Uint8Array>; open(file: Uint8Array): Promise<Uint8Array> } {
    const identity = async (): Promise<string> => this.#keys.identityFor(await this.metadata());
    return {
      seal: async (plaintext) => sealToDevice(plaintext, await identity()),
      open: async (file) => openFromDevice(file, await identity(), 'The backup settings file'),
    };
  }

  /** Turns app lock on (`ERR_PASSPHRASE_WEAK`, `ERR_APP_LOCK_ALREADY_SET`). */
  async setAppLock(passphrase: string): Promise<void> {
    await this.#unlockAhead(false);
    await this.#changeKeyStorage(async (ctx, meta) => appLock.setAppLock(ctx, meta, passphrase, () => this.#keys.identityFor(meta)));
  }

  /** Turns app lock off (`ERR_PASSPHRASE_WRONG`, `ERR_APP_LOCK_NOT_SET`). */
  async removeAppLock(passphrase: string): Promise<void> {
    await this.#changeKeyStorage(async (ctx, meta) => appLock.removeAppLock(ctx, meta, passphrase));
  }

  /** Changes the app-lock passphrase (`ERR_PASSPHRASE_WRONG`, `ERR_PASSPHRASE_WEAK`, `ERR_APP_LOCK_NOT_SET`). */
  async changeAppLock(oldPassphrase: string, newPassphrase: string): Promise<void> {
    await this.#changeKeyStorage(async (ctx, meta) => appLock.changeAppLock(ctx, meta, oldPassphrase, newPassphrase));
  }

  get #vaultPath(): string {
    return join(this.dir, VAULT_FILE);
  }

  async #locked<T>(fn: () => Promise<T>, lock: LockOptions | undefined = this.#options.lock): Promise<T> {
    return withLock(
      this.dir,
      async () => {
        // Every writer writes under this lock, so any temp file now is a killed writer's orphan.
        await removeOrphanTempFiles(this.dir, OWN_FILES);
        return fn();
      },
      lock,
    );
  }

  /**
   * Loads the device key before the lock is taken, and keeps it: a passphrase prompt or a
   * keychain unlock dialog waits for a person, and nobody else should wait on the lock
   * meanwhile. `prompt: false` skips app-locked vaults (for `setAppLock`, which needs no key then).
   */
  async #unlockAhead(prompt: boolean): Promise<void> {
    if (!(await this.exists())) return;
    const meta = await this.metadata();
    if (prompt || meta.keyStorage !== 'passphrase') await this.#keys.identityFor(meta);
  }

  /** A reader's cleanup: only if the lock is free at once; a busy holder cleans up itself. */
  async #cleanUpIfFree(): Promise<void> {
    try {
      await this.#locked(async () => reconcileKeyCopies(this.#keys.context, await this.metadata(), { strict: false }), {
        ...this.#options.lock,
        timeoutMs: 0,
      });
    } catch (error) {
      if (!isCliError(error, 'ERR_VAULT_LOCKED')) throw error;
    }
  }

  /** `ERR_VAULT_NOT_FOUND` (with a hint when only `vault.age` is missing) unless the folder holds a vault. */
  async #requireVault(): Promise<void> {
    const state = await folderState(this.dir);
    if (state === 'vault-missing') throw vaultFileMissing(this.dir);
    if (state !== 'ready') throw notFound(this.dir);
  }

  async #changeKeyStorage(fn: (ctx: DeviceKeyContext, meta: VaultMetadata) => Promise<unknown>): Promise<void> {
    await this.#requireVault();
    await this.#locked(async () => {
      await this.#requireVault();
      const ctx = this.#keys.context;
      const created = await finishCreation(this.dir, await this.metadata(), this.#options.fs);
      await fn(ctx, await reconcileKeyCopies(ctx, created, { strict: true }));
    });
  }

  /** Caller holds the lock and has checked the folder is empty or an unfinished creation. */
  async #createFiles(vault: Vault): Promise<void> {
    const { meta, identity } = await createVaultFiles(
      {
        keys: this.#keys.context,
        now: this.#options.now ?? Date.now,
        machineId: this.#options.machineId ?? readMachineId,
        fs: this.#options.fs,
        writeVault: (v, meta, key) => this.#write(v, meta, key),
      },
      vault,
    );
    this.#keys.remember(meta.vaultId, identity);
  }

  async #write(vault: Vault, meta: VaultMetadata, identity: string): Promise<void> {
    if (vault.vaultId !== meta.vaultId) throw new TypeError('an update must not change the vault id');
    const file = await encryptVault(vault, identity);
    await writeFileAtomic(this.#vaultPath, file, this.#options.fs === undefined ? {} : { fs: this.#options.fs });
  }

  async #decrypt(file: Uint8Array, meta: VaultMetadata): Promise<Vault> {
    const vault = await decryptVault(file, await this.#keys.identityFor(meta));
    if (vault.vaultId !== meta.vaultId) {
      throw new CliError('ERR_VAULT_METADATA_INVALID', 'vault.json describes a different vault than vault.age.');
    }
    return vault;
  }
}
