/**
 * The device key of one vault folder as the store uses it: the {@link DeviceKeyContext}, with
 * the keychain detected at most once, and the identity, loaded (and so asked for, under app
 * lock) at most once per vault id and process.
 *
 * @module
 */
import { isCliError } from '../errors.js';
import type { AtomicWriteFs } from './atomic-write.js';
import { loadDeviceKey, type DeviceKeyContext } from './device-key.js';
import type { Keychain } from './keychain.js';
import { readMetadata, type VaultMetadata } from './metadata.js';

/** The keychain: `null` for none, or a function that detects it on first need. */
export type KeychainOption = Keychain | null | (() => Promise<Keychain | null>);

/** Options of {@link DeviceKeyAccess}; the matching fields of the store's options. */
export interface DeviceKeyAccessOptions {
  readonly dir: string;
  readonly keychain?: KeychainOption | undefined;
  readonly askPassphrase?: (() => Promise<string>) | undefined;
  readonly appLockLogN?: number | undefined;
  readonly fs?: AtomicWriteFs | undefined;
}

/**
 * Loads and caches the device key of one folder.
 *
 * @example
 * ```ts
 * const keys = new DeviceKeyAccess({ dir, keychain: null });
 * const identity = await keys.identityFor(await readMetadata(dir));
 * ```
 */
export class DeviceKeyAccess {
  readonly context: DeviceKeyContext;
  #cached: { readonly vaultId: string; readonly identity: string } | undefined;

  constructor(options: DeviceKeyAccessOptions) {
    this.context = {
      dir: options.dir,
      keychain: once(options.keychain),
      askPassphrase: options.askPassphrase,
      appLockLogN: options.appLockLogN,
      fs: options.fs,
    };
  }

  /** Records a key this process just made, so it is never loaded (or asked for) again. */
  remember(vaultId: string, identity: string): void {
    this.#cached = { vaultId, identity };
  }

  /** The identity of the vault `meta` describes, from the cache or from where `meta` says it is. */
  async identityFor(meta: VaultMetadata): Promise<string> {
    if (this.#cached?.vaultId === meta.vaultId) return this.#cached.identity;
    let identity: string;
    try {
      identity = await loadDeviceKey(this.context, meta);
    } catch (error) {
      // A lock-free reader can race an app-lock switch that just moved the key: look again.
      const now = isCliError(error, 'ERR_DEVICE_KEY_MISSING') ? await readMetadata(this.context.dir) : undefined;
      if (now?.vaultId !== meta.vaultId || now.keyStorage === meta.keyStorage) throw error;
      identity = await loadDeviceKey(this.context, now);
    }
    this.remember(meta.vaultId, identity);
    return identity;
  }
}

/** The keychain option as a function that detects (at most once) on first call. */
function once(option: KeychainOption | undefined): () => Promise<Keychain | null> {
  if (typeof option !== 'function') return () => Promise.resolve(option ?? null);
  let found: Promise<Keychain | null> | undefined;
  return () => (found ??= option());
}
