/**
 * Atomic, durable file replacement (security.md §2): write a temp file in the same folder →
 * fsync it → rename it over the target → fsync the folder. A reader, or a process restarted
 * after a crash, sees the old file or the new one, never a mix, and once the call returns the
 * new content survives power loss. Any failure removes the temp file and is reported: an fsync
 * error is never retried, because Linux may have dropped the dirty pages ("fsyncgate").
 *
 * The file system is reached through a small {@link AtomicWriteFs} facade so tests can inject
 * a failure at any step.
 *
 * @module
 */
import { constants } from 'node:fs';
import { open, readdir, readFile, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomSuffix } from './random-name.js';

/** The few file-system calls an atomic write makes; `node:fs/promises` satisfies it. */
export interface AtomicWriteFs {
  open(path: string, flags: number, mode?: number): Promise<FileHandle>;
  rename(oldPath: string, newPath: string): Promise<void>;
  unlink(path: string): Promise<void>;
}

/** The real file system. */
export const nodeAtomicWriteFs: AtomicWriteFs = { open, rename, unlink };

/** Options of {@link writeFileAtomic}. */
export interface AtomicWriteOptions {
  /** Permission bits of the new file; default `0o600`. Set exactly (umask does not apply). */
  readonly mode?: number;
  /** File-system facade; default {@link nodeAtomicWriteFs}. */
  readonly fs?: AtomicWriteFs;
}

const TEMP_NAME = /^\.(.+)\.[0-9a-f]{16}\.tmp$/;

/**
 * Replaces `path` with `bytes` atomically and durably. The temp file is created with
 * `O_EXCL` under a random name, so two writers never share one, and it never outlives a
 * failed call (a `kill -9` can orphan one; {@link removeOrphanTempFiles} sweeps those).
 *
 * @example
 * ```ts
 * await writeFileAtomic('/home/ada/.local/share/tessera/vault.age', ciphertext, { mode: 0o600 });
 * ```
 */
export async function writeFileAtomic(path: string, bytes: Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const fs = options.fs ?? nodeAtomicWriteFs;
  const mode = options.mode ?? 0o600;
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${randomSuffix()}.tmp`);
  try {
    await writeAndSync(fs, temp, bytes, mode);
    await fs.rename(temp, path);
  } catch (error) {
    await fs.unlink(temp).catch(() => undefined);
    throw error;
  }
  await syncDirectory(fs, dir);
}

async function writeAndSync(fs: AtomicWriteFs, temp: string, bytes: Uint8Array, mode: number): Promise<void> {
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL;
  const handle = await fs.open(temp, flags, mode);
  try {
    // chmod because the creation mode is filtered by the umask.
    await handle.chmod(mode);
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Makes a rename or unlink in `dir` durable. Windows cannot open a folder for fsync; there
 * NTFS's rename semantics are all we get (security.md §2).
 *
 * @example
 * ```ts
 * await unlink(join(dir, 'device.key'));
 * await syncDirectory(nodeAtomicWriteFs, dir); // the deletion survives a power cut
 * ```
 */
export async function syncDirectory(fs: AtomicWriteFs, dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await fs.open(dir, constants.O_RDONLY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * The content of `path`, or `undefined` when it does not exist.
 *
 * @example
 * ```ts
 * const bytes = await readFileIfExists('/home/ada/.local/share/tessera/vault.json');
 * if (bytes === undefined) console.log('no vault yet');
 * ```
 */
export async function readFileIfExists(path: string): Promise<Uint8Array | undefined> {
  try {
    return await readFile(path);
  } catch (error) {
    if (isErrnoException(error, 'ENOENT')) return undefined;
    throw error;
  }
}

/**
 * True when `path` exists; other errors than "not found" are reported.
 *
 * @example
 * ```ts
 * if (await fileExists(join(dir, 'device.key'))) console.log('the key is in a file');
 * ```
 */
export async function fileExists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if (isErrnoException(error, 'ENOENT')) return false;
    throw error;
  }
}

/**
 * Deletes temp files that {@link writeFileAtomic} left in `dir` when its process was killed,
 * but only those of the files named in `targets` (the caller's own files): a folder may hold
 * other programs' or the user's files that look alike. Call it only while holding the folder's
 * lock: every writer of those files writes under that lock, so none of their temp files then
 * belongs to a live writer. Returns the names removed.
 *
 * @example
 * ```ts
 * await withLock(dir, () => removeOrphanTempFiles(dir, ['vault.age', 'vault.json']));
 * ```
 */
export async function removeOrphanTempFiles(dir: string, targets: readonly string[]): Promise<string[]> {
  const names = (await readdir(dir)).filter((name) => isAtomicTempName(name, targets));
  for (const name of names) await unlink(join(dir, name)).catch(ignoreMissing);
  return names;
}

/**
 * True for the names {@link writeFileAtomic} gives its temp files; with `targets`, only for
 * temp files of those files.
 *
 * @example
 * ```ts
 * isAtomicTempName('.vault.age.0123456789abcdef.tmp', ['vault.age']); // true
 * isAtomicTempName('.notes.txt.0123456789abcdef.tmp', ['vault.age']); // false
 * ```
 */
export function isAtomicTempName(name: string, targets?: readonly string[]): boolean {
  const target = TEMP_NAME.exec(name)?.[1];
  return target !== undefined && (targets === undefined || targets.includes(target));
}

function ignoreMissing(error: unknown): void {
  if (!isErrnoException(error, 'ENOENT')) throw error;
}

/** True when `error` is a Node system error with the given `code`. */
export function isErrnoException(error: unknown, code: string): error is NodeJS.ErrnoException {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}
