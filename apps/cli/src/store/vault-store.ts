/**
 * The local vault on disk: a folder holding `vault.age` (the vault, age-encrypted to the
 * device key), `vault.json` (non-secret metadata), the device key when it is not in the
 * keychain, and `vault.lock` while a process changes anything. See docs/formats/local-vault.md.
 *
 * Reads take no lock: every write is an atomic rename, so a reader sees a whole old or whole
 * new file. Every change runs under the folder lock as read → apply → encrypt → atomic,
 * durable write, so concurrent processes never lose an update, and a changed HOTP counter is
 * on disk before the caller shows the code. Nothing secret ever reaches the disk in the clear.
 *
 * @module
 */
import { access, chmod, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Vault } from '@tessera/core';
import { CliError, isCliError } from '../errors.js';
import { readFileIfExists, removeOrphanTempFiles, writeFileAtomic, type AtomicWriteFs } from './atomic-write.js';
import * as deviceKey from './device-key.js';
import type { Keychain } from './keychain.js';
import { withLock, type LockOptions } from './lock.js';
import { machineFingerprint, readMachineId, type MachineIdSource } from './machine-id.js';
import { METADATA_FORMAT, readMetadata, writeMetadata, type VaultMetadata } from './metadata.js';
import { decryptVault, encryptVault } from './vault-cipher.js';

/** Name of the encrypted vault file inside the vault folder. */
export const VAULT_FILE = 'vault.age';

/** Options of {@link FileVaultStore}. Only `dir` is required; the rest are seams with production defaults. */
export interface FileVaultStoreOptions {
  readonly dir: string;
  /** The keychain, `null` for none (the default), or a function that detects it on first need. */
  readonly keychain?: Keychain | null | (() => Promise<Keychain | null>);
  /** Asks for the app-lock passphrase when the device key is passphrase-protected. */
  readonly askPassphrase?: () => Promise<string>;
  readonly lock?: LockOptions;
  readonly machineId?: MachineIdSource;
  readonly now?: () => number;
  /** scrypt work factor for `device.key.age`; default 18. */
  readonly appLockLogN?: number;
  readonly fs?: AtomicWriteFs;
}

/** What an {@link FileVaultStore.update} function returns: the new vault and a result for the caller. */
export interface VaultChange<T> {
  readonly vault: Vault;
  readonly result: T;
}

/** Options of {@link FileVaultStore.update}. */
export interface UpdateOptions {
  /** Creates the vault (under the same lock) when there is none yet, instead of `ERR_VAULT_NOT_FOUND`. */
  readonly createIfMissing?: () => Vault;
}

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
  #context: deviceKey.DeviceKeyContext | undefined;
  #identity: string | undefined;

  constructor(options: FileVaultStoreOptions) {
    this.dir = options.dir;
    this.#options = options;
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

  /** Creates the vault: a new device key, `vault.json`, then `vault.age`. `ERR_VAULT_EXISTS` if there is one. */
  async create(vault: Vault): Promise<void> {
    await ensureVaultDir(this.dir);
    await this.#locked(async () => {
      if (await this.exists()) throw new CliError('ERR_VAULT_EXISTS', `A vault already exists in ${this.dir}.`);
      await this.#createFiles(vault);
    });
  }

  /** The decrypted vault. `ERR_VAULT_NOT_FOUND`, `ERR_VAULT_DECRYPT_FAILED`, or the core's decode errors. */
  async read(): Promise<Vault> {
    const meta = await this.metadata();
    const file = await readFileIfExists(this.#vaultPath);
    if (file === undefined) throw notFound(this.dir);
    return this.#decrypt(file, meta);
  }

  /**
   * Under the lock: reads the newest vault, applies `fn`, writes the result atomically and
   * durably, and returns `fn`'s result. Returning the same vault object writes nothing.
   */
  async update<T>(fn: (vault: Vault) => VaultChange<T> | Promise<VaultChange<T>>, options: UpdateOptions = {}): Promise<T> {
    if (options.createIfMissing === undefined && !(await this.exists())) throw notFound(this.dir);
    if (options.createIfMissing !== undefined) await ensureVaultDir(this.dir);
    return this.#locked(async () => {
      if (!(await this.exists())) {
        if (options.createIfMissing === undefined) throw notFound(this.dir);
        await this.#createFiles(options.createIfMissing());
      }
      const meta = await this.metadata();
      await deviceKey.reconcileKeyFiles(this.#deviceKeyContext(), meta);
      const current = await this.read();
      const change = await fn(current);
      if (change.vault !== current) await this.#write(change.vault, meta, await this.#identityFor(meta));
      return change.result;
    });
  }

  /** Turns app lock on (`ERR_PASSPHRASE_WEAK`, `ERR_APP_LOCK_ALREADY_SET`). */
  async setAppLock(passphrase: string): Promise<void> {
    await this.#changeKeyStorage(async (ctx, meta) => deviceKey.setAppLock(ctx, meta, passphrase));
  }

  /** Turns app lock off (`ERR_PASSPHRASE_WRONG`, `ERR_APP_LOCK_NOT_SET`). */
  async removeAppLock(passphrase: string): Promise<void> {
    await this.#changeKeyStorage(async (ctx, meta) => deviceKey.removeAppLock(ctx, meta, passphrase));
  }

  /** Changes the app-lock passphrase (`ERR_PASSPHRASE_WRONG`, `ERR_PASSPHRASE_WEAK`, `ERR_APP_LOCK_NOT_SET`). */
  async changeAppLock(oldPassphrase: string, newPassphrase: string): Promise<void> {
    await this.#changeKeyStorage(async (ctx, meta) => deviceKey.changeAppLock(ctx, meta, oldPassphrase, newPassphrase));
  }

  get #vaultPath(): string {
    return join(this.dir, VAULT_FILE);
  }

  async #locked<T>(fn: () => Promise<T>): Promise<T> {
    return withLock(
      this.dir,
      async () => {
        // Every writer writes under this lock, so any temp file now is a killed writer's orphan.
        await removeOrphanTempFiles(this.dir);
        return fn();
      },
      this.#options.lock,
    );
  }

  async #changeKeyStorage(fn: (ctx: deviceKey.DeviceKeyContext, meta: VaultMetadata) => Promise<unknown>): Promise<void> {
    if (!(await this.exists())) throw notFound(this.dir);
    await this.#locked(async () => {
      const ctx = this.#deviceKeyContext();
      const meta = await this.metadata();
      await deviceKey.reconcileKeyFiles(ctx, meta);
      await fn(ctx, meta);
    });
  }

  /** Caller holds the lock and has checked there is no `vault.age`. */
  async #createFiles(vault: Vault): Promise<void> {
    const ctx = this.#deviceKeyContext();
    // vault.json without vault.age is an unfinished creation: start it over.
    const unfinished = await readMetadata(this.dir).catch(() => undefined);
    if (unfinished !== undefined) await deviceKey.discardDeviceKey(ctx, unfinished);
    const { identity, keyStorage } = await deviceKey.createDeviceKey(ctx, vault.vaultId);
    const meta: VaultMetadata = {
      format: METADATA_FORMAT,
      version: 1,
      vaultId: vault.vaultId,
      createdAt: new Date((this.#options.now ?? Date.now)()).toISOString(),
      keyStorage,
      machineId: machineFingerprint(await (this.#options.machineId ?? readMachineId)()),
    };
    await writeMetadata(this.dir, meta, this.#options.fs);
    await deviceKey.reconcileKeyFiles(ctx, meta);
    this.#identity = identity;
    await this.#write(vault, meta, identity);
  }

  async #write(vault: Vault, meta: VaultMetadata, identity: string): Promise<void> {
    if (vault.vaultId !== meta.vaultId) throw new TypeError('an update must not change the vault id');
    const file = await encryptVault(vault, identity);
    await writeFileAtomic(this.#vaultPath, file, this.#options.fs === undefined ? {} : { fs: this.#options.fs });
  }

  async #decrypt(file: Uint8Array, meta: VaultMetadata): Promise<Vault> {
    const vault = await decryptVault(file, await this.#identityFor(meta));
    if (vault.vaultId !== meta.vaultId) {
      throw new CliError('ERR_VAULT_METADATA_INVALID', 'vault.json describes a different vault than vault.age.');
    }
    return vault;
  }

  async #identityFor(meta: VaultMetadata): Promise<string> {
    if (this.#identity !== undefined) return this.#identity;
    const ctx = this.#deviceKeyContext();
    try {
      this.#identity = await deviceKey.loadDeviceKey(ctx, meta);
    } catch (error) {
      // A lock-free reader can race an app-lock switch that just moved the key: look again.
      const now = isCliError(error, 'ERR_DEVICE_KEY_MISSING') ? await readMetadata(this.dir) : undefined;
      if (now === undefined || now.keyStorage === meta.keyStorage) throw error;
      this.#identity = await deviceKey.loadDeviceKey(ctx, now);
    }
    return this.#identity;
  }

  #deviceKeyContext(): deviceKey.DeviceKeyContext {
    this.#context ??= {
      dir: this.dir,
      keychain: once(this.#options.keychain),
      askPassphrase: this.#options.askPassphrase,
      appLockLogN: this.#options.appLockLogN,
      fs: this.#options.fs,
    };
    return this.#context;
  }
}

/** The keychain option as a function that detects (at most once) on first call. */
function once(option: FileVaultStoreOptions['keychain']): () => Promise<Keychain | null> {
  if (typeof option !== 'function') return () => Promise.resolve(option ?? null);
  let found: Promise<Keychain | null> | undefined;
  return () => (found ??= option());
}

/** Creates the vault folder with mode 0700; an existing folder keeps the mode its owner gave it. */
async function ensureVaultDir(dir: string): Promise<void> {
  const created = await mkdir(dir, { recursive: true, mode: 0o700 });
  if (created !== undefined) await chmod(dir, 0o700);
}

function notFound(dir: string): CliError {
  return new CliError('ERR_VAULT_NOT_FOUND', `No vault in ${dir}.`);
}
