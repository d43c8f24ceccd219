/**
 * Creating a vault folder, and telling a vault that was never finished from one that has lost
 * its `vault.age`. Creation writes, in order: the device key, `vault.json` marked `creating`,
 * `vault.age`, then `vault.json` without the mark. So `vault.json` without `vault.age` means:
 *
 * - marked `creating`: an unfinished creation, which the next creation starts over;
 * - not marked: a finished vault whose `vault.age` has gone (moved away, or briefly removed by
 *   a sync tool). That is an error with a way out, never a reason to make a new key, because
 *   putting `vault.age` back must open the vault again.
 *
 * Starting over never deletes key material: key files are renamed aside, and keychain items,
 * which are keyed by the vault id, stay where they are (the new vault has a new id).
 *
 * @module
 */
import { chmod, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Vault } from '@tessera/core';
import { CliError } from '../errors.js';
import { fileExists, isErrnoException, nodeAtomicWriteFs, syncDirectory, type AtomicWriteFs } from './atomic-write.js';
import { createDeviceKey, DEVICE_KEY_AGE_FILE, DEVICE_KEY_FILE, type DeviceKeyContext } from './device-key.js';
import { machineFingerprint, type MachineIdSource } from './machine-id.js';
import { METADATA_FORMAT, readMetadata, settledMetadata, writeMetadata, type VaultMetadata } from './metadata.js';

/** Name of the encrypted vault file inside the vault folder. */
export const VAULT_FILE = 'vault.age';

/**
 * What a vault folder holds: nothing yet (`empty`), an unfinished creation, a finished vault
 * whose `vault.age` is missing, or a vault (`ready`; `vault.age` is there).
 */
export type FolderState = 'empty' | 'unfinished' | 'vault-missing' | 'ready';

/**
 * Classifies the folder. A damaged `vault.json` is reported (`ERR_VAULT_METADATA_INVALID`),
 * never taken for an unfinished creation.
 *
 * @example
 * ```ts
 * if ((await folderState(dir)) === 'vault-missing') throw vaultFileMissing(dir);
 * ```
 */
export async function folderState(dir: string): Promise<FolderState> {
  if (await fileExists(join(dir, VAULT_FILE))) return 'ready';
  const meta = await readMetadata(dir);
  if (meta === undefined) return 'empty';
  return meta.creating === true ? 'unfinished' : 'vault-missing';
}

/** What {@link createVaultFiles} needs besides the vault. */
export interface CreateContext {
  readonly keys: DeviceKeyContext;
  readonly now: () => number;
  readonly machineId: MachineIdSource;
  readonly fs?: AtomicWriteFs | undefined;
  /** Encrypts `vault` to `identity` and writes `vault.age` atomically. */
  readonly writeVault: (vault: Vault, meta: VaultMetadata, identity: string) => Promise<void>;
}

/**
 * Creates the vault's files: sets aside any key files already in the folder, makes a new
 * device key, then writes `vault.json` (marked `creating`), `vault.age`, and `vault.json`
 * again without the mark. Call under the vault lock, after checking the folder is `empty`
 * or `unfinished`.
 *
 * @example
 * ```ts
 * const { meta, identity } = await createVaultFiles(ctx, createVault({ now, random }));
 * ```
 */
export async function createVaultFiles(ctx: CreateContext, vault: Vault): Promise<{ meta: VaultMetadata; identity: string }> {
  const { dir } = ctx.keys;
  await setAsideKeyFiles(dir, ctx.now(), ctx.fs ?? nodeAtomicWriteFs);
  const { identity, keyStorage } = await createDeviceKey(ctx.keys, vault.vaultId);
  const meta: VaultMetadata = {
    format: METADATA_FORMAT,
    version: 1,
    vaultId: vault.vaultId,
    createdAt: new Date(ctx.now()).toISOString(),
    keyStorage,
    machineId: machineFingerprint(await ctx.machineId()),
  };
  await writeMetadata(dir, { ...meta, creating: true }, ctx.fs);
  await ctx.writeVault(vault, meta, identity);
  await writeMetadata(dir, meta, ctx.fs);
  return { meta, identity };
}

/**
 * Drops the `creating` mark of a vault whose `vault.age` exists (its creator was killed just
 * before doing so itself). Call under the vault lock.
 *
 * @example
 * ```ts
 * meta = await finishCreation(dir, meta);
 * ```
 */
export async function finishCreation(dir: string, meta: VaultMetadata, fs?: AtomicWriteFs): Promise<VaultMetadata> {
  if (meta.creating !== true) return meta;
  const finished = settledMetadata(meta);
  await writeMetadata(dir, finished, fs);
  return finished;
}

/**
 * The error for a finished vault whose `vault.age` is missing: what happened, and the two ways out.
 *
 * @example
 * ```ts
 * throw vaultFileMissing('/home/ada/.local/share/tessera');
 * ```
 */
export function vaultFileMissing(dir: string): CliError {
  return new CliError(
    'ERR_VAULT_NOT_FOUND',
    `${join(dir, VAULT_FILE)} is missing, but vault.json says a vault was created in that folder, and its device key is kept. ` +
      `Nothing was changed. Put ${VAULT_FILE} back (from where it was moved, or from a backup), or move the folder aside to start a new vault.`,
  );
}

/**
 * The error for a folder with no vault at all.
 *
 * @example
 * ```ts
 * throw notFound(dir);
 * ```
 */
export function notFound(dir: string): CliError {
  return new CliError('ERR_VAULT_NOT_FOUND', `No vault in ${dir}.`);
}

/**
 * Creates the vault folder with mode 0700; an existing folder keeps the mode its owner gave it.
 *
 * @example
 * ```ts
 * await ensureVaultDir('/home/ada/.local/share/tessera');
 * ```
 */
export async function ensureVaultDir(dir: string): Promise<void> {
  const created = await mkdir(dir, { recursive: true, mode: 0o700 });
  if (created !== undefined) await chmod(dir, 0o700);
}

/** Renames `device.key` and `device.key.age` to `<name>.orphaned-<time>`, so no key is ever lost. */
async function setAsideKeyFiles(dir: string, now: number, fs: AtomicWriteFs): Promise<void> {
  const stamp = new Date(now).toISOString().replace(/[-:]/g, '');
  let moved = false;
  for (const name of [DEVICE_KEY_FILE, DEVICE_KEY_AGE_FILE]) {
    try {
      await fs.rename(join(dir, name), join(dir, `${name}.orphaned-${stamp}`));
      moved = true;
    } catch (error) {
      if (!isErrnoException(error, 'ENOENT')) throw error;
    }
  }
  if (moved) await syncDirectory(fs, dir);
}
