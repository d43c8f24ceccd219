/**
 * Vaults with backups for the fault tests: set one up through the real CLI (in-process), read a
 * vault folder back with its secrets, restore into a fresh folder and say what came back, and
 * list every file a destination folder holds (hidden temp files included).
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Group, Account, Vault } from '@tessera/core';
import { tessera, testIo } from '../../test-support/memory-io.js';
import { openFileStore } from '../../vault-access.js';

export const PASSPHRASE = 'correct horse battery staple';
export const SECRET = 'JBSWY3DPEHPK3PXP';

/** The environment of "machine a", the device that backs up. */
export const MACHINE_A: Readonly<Record<string, string>> = { TESSERA_MACHINE_ID: 'fault-machine-a', TESSERA_BACKUP_PASSPHRASE: PASSPHRASE };
/** A second machine, restoring; no passphrase unless a test gives one. */
export const MACHINE_B: Readonly<Record<string, string>> = { TESSERA_MACHINE_ID: 'fault-machine-b' };

/** Runs `tessera ARGS` in-process against `dir` at the real current time. */
export function cli(dir: string, args: readonly string[], env: Readonly<Record<string, string>>, stdin?: string): ReturnType<typeof tessera> {
  return tessera(dir, args, { env: { ...env }, now: Date.now(), ...(stdin === undefined ? {} : { stdin }) });
}

/** Like {@link cli}, but throws with stderr unless the command exits 0; returns stdout. */
export async function ok(dir: string, args: readonly string[], env: Readonly<Record<string, string>> = MACHINE_A, stdin?: string): Promise<string> {
  const result = await cli(dir, args, env, stdin);
  if (result.code !== 0) throw new Error(`tessera ${args.join(' ')} exited ${String(result.code)}: ${result.stderr}`);
  return result.stdout;
}

/** The vault in `dir` with its secrets, read the way the CLI reads it on `machine`. */
export async function readVault(dir: string, env: Readonly<Record<string, string>> = MACHINE_A): Promise<Vault | undefined> {
  return openFileStore(testIo({ env: { ...env } }), dir).readIfPresent();
}

/** What a restore must bring back: every account (secrets, counters, metadata) in order, and the groups. */
export interface VaultContent {
  readonly accounts: readonly Account[];
  readonly groups: readonly Group[];
}

/** The restorable content of a vault (not its id, times or tombstones). */
export function contentOf(vault: Vault | undefined): VaultContent | undefined {
  return vault === undefined ? undefined : { accounts: vault.accounts, groups: vault.groups };
}

/** How {@link setUpBackups} sets up. */
export interface SetUpOptions {
  readonly count?: number;
  readonly auto?: boolean;
  readonly keep?: number;
  /** The environment of the setup (destination credentials, say); default {@link MACHINE_A}. */
  readonly env?: Readonly<Record<string, string>>;
}

/** A vault in `dir` with `count` accounts, backed up to `dest` (classic keyring, automatic backup off unless `auto`). */
export async function setUpBackups(dir: string, dest: string, recoveryKeyFile: string, options: SetUpOptions = {}): Promise<void> {
  const env = options.env ?? MACHINE_A;
  const uris = Array.from({ length: options.count ?? 3 }, (_, i) => `otpauth://totp/Fault${String(i)}:user${String(i)}?secret=${SECRET}&issuer=Fault${String(i)}`);
  await ok(dir, ['add'], env, uris.join('\n'));
  const setup = ['backup', 'setup', '--to', dest, '--classic', '--recovery-key-out', recoveryKeyFile, '--keep', String(options.keep ?? 10)];
  await ok(dir, options.auto === true ? setup : [...setup, '--no-auto'], env);
}

/** Every file in `dir` (recursively) with its bytes: compare before and after to prove nothing changed. */
export async function folderBytes(dir: string): Promise<Map<string, string>> {
  const bytes = new Map<string, string>();
  for (const name of await filesUnder(dir)) bytes.set(name, (await readFile(join(dir, name))).toString('base64'));
  return bytes;
}

/** What a restore into a fresh folder did. */
export interface RestoreOutcome {
  readonly code: number;
  readonly stderr: string;
  /** The restored content, when a vault exists afterwards. */
  readonly content: VaultContent | undefined;
  /** Whether the target folder exists at all afterwards. */
  readonly folderExists: boolean;
}

/**
 * `tessera restore --from DEST ...credential --no-backup` into the fresh folder `dir` on machine b
 * (`--no-backup`: the test's destination must hold only the backing-up device's generations).
 */
export async function restoreInto(dir: string, dest: string, credential: readonly string[], env: Readonly<Record<string, string>> = MACHINE_B): Promise<RestoreOutcome> {
  const result = await cli(dir, ['restore', '--from', dest, ...credential, '--no-backup', '--json'], env);
  const folderExists = existsSync(dir);
  const content = folderExists ? contentOf(await readVault(dir, env)) : undefined;
  return { code: result.code, stderr: result.stderr, content, folderExists };
}

/** The error code a failed command printed (`[ERR_…]` at the end of its message). */
export function errorCodeIn(stderr: string): string | undefined {
  return /\[(ERR_[A-Z_]+)\]\s*$/.exec(stderr)?.[1];
}

/** Every file under `dir`, relative with `/`, sorted; hidden temp files included. Empty when `dir` is missing. */
export async function filesUnder(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1).split('\\').join('/'))
    .sort();
}
