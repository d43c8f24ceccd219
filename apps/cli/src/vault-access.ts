/**
 * Connects commands to the encrypted file store: resolves the vault folder, finds the keychain
 * lazily (only when a key must be stored or loaded), and asks for the app-lock passphrase on the
 * terminal or takes it from `TESSERA_PASSPHRASE` for scripts.
 *
 * @module
 */
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { createVault, type Vault } from '@tessera/core';
import { autoBackup } from './backup/auto.js';
import type { VaultAccess } from './context.js';
import { CliError } from './errors.js';
import type { CliIo } from './io.js';
import { detectKeychain, type Keychain } from './store/keychain.js';
import { machineIdFromEnv } from './store/machine-id.js';
import { resolveVaultDir } from './store/paths.js';
import { FileVaultStore } from './store/vault-store.js';
import { askHidden } from './terminal/prompt.js';

/** Asks for the app-lock passphrase: `TESSERA_PASSPHRASE` when set, else a hidden prompt on a terminal. */
export function passphraseAsker(io: CliIo, prompt = 'App-lock passphrase: '): () => Promise<string> {
  return async () => {
    const fromEnv = io.env['TESSERA_PASSPHRASE'];
    if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
    if (io.stdin.isTTY !== true) {
      throw new CliError('ERR_PASSPHRASE_REQUIRED', 'The vault is app-locked: run on a terminal to be asked for the passphrase, or set TESSERA_PASSPHRASE.');
    }
    return askHidden(io, prompt);
  };
}

/**
 * The keychain of this invocation, probed on first use and at most once: probing runs the
 * keychain's tool, and the vault's device key and the work accounts' keys share the answer.
 */
function keychainOnce(io: CliIo): () => Promise<Keychain | null> {
  let keychain: Promise<Keychain | null> | undefined;
  return () => (keychain ??= detectKeychain({ mode: io.env['TESSERA_KEYCHAIN'] === 'off' ? 'off' : 'auto', platform: process.platform }));
}

/** Builds the file store for this invocation. */
export function openFileStore(io: CliIo, flag: string | undefined, keychain = keychainOnce(io)): FileVaultStore {
  const dir = resolve(io.cwd, resolveVaultDir({ ...(flag === undefined ? {} : { flag }), env: io.env, platform: process.platform, homedir: homedir() }));
  return new FileVaultStore({
    dir,
    keychain,
    askPassphrase: passphraseAsker(io),
    now: io.now,
    machineId: machineIdFromEnv(io.env),
  });
}

/** The {@link VaultAccess} commands use. */
export function openVaultAccess(io: CliIo, flag: string | undefined): Promise<VaultAccess> {
  const keychain = keychainOnce(io);
  const store = openFileStore(io, flag, keychain);
  return Promise.resolve({
    dir: store.dir,
    keychain,
    read: () => store.readIfPresent(),
    update: async (change, options) => {
      let changed: Vault | undefined;
      const result = await store.update(
        (vault) => {
          const outcome = change(vault);
          changed = outcome.vault === vault ? undefined : outcome.vault;
          return outcome;
        },
        options?.create === true ? { createIfMissing: () => createVault({ now: io.now(), random: io.random }) } : {},
      );
      if (changed !== undefined) await autoBackup(io, store, changed);
      return result;
    },
    // The same store instance: an app-locked key is unlocked (and asked for) once per command.
    sealer: store.deviceSealer(),
    create: async (vault) => {
      await store.create(vault);
      await autoBackup(io, store, vault);
    },
  });
}
