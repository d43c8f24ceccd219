/**
 * The folder {@link Destination}: backups as files under a folder on this machine — any synced
 * folder (iCloud Drive, Dropbox, OneDrive, Syncthing) or a USB stick. Object names map to
 * relative paths (`tessera/keyring.age` → `<root>/tessera/keyring.age`), checked by the same
 * rules as every destination.
 *
 * Creating never replaces: the bytes go to a temp file in the target folder (`O_EXCL`, 0600),
 * are fsynced, and are published with `link(temp, final)`, which fails with `EEXIST` rather than
 * overwrite (`ERR_DESTINATION_EXISTS`); then the temp is unlinked and the folder fsynced. File
 * systems without hard links (FAT32/exFAT sticks, some network mounts) get a check-then-rename
 * fallback: still atomic, but two writers racing for one name could both succeed, which the
 * port allows (callers create unique names and read back). Missing parent folders are created
 * (0700). A root that does not exist yet is created by the first `create`; until then it lists
 * as empty and reads as missing, so a new or wiped destination looks like an empty one.
 * `EACCES`/`EPERM` are `ERR_DESTINATION_AUTH`; other file-system errors `ERR_DESTINATION_FAILED`.
 *
 * @module
 */
import { constants, type Dirent } from 'node:fs';
import { link, lstat, mkdir, open, readdir, readFile, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { CoreError, type Destination, type DestinationEntry } from '@tessera/core';
import { assertListPrefix, assertObjectName } from '@tessera/destinations';
import { isAtomicTempName, isErrnoException } from '../store/atomic-write.js';
import { randomSuffix } from '../store/random-name.js';

/** The file-system calls the folder destination makes; `node:fs/promises` satisfies it. Tests inject faults. */
export interface FolderFs {
  open(path: string, flags: number, mode?: number): Promise<FileHandle>;
  link(existingPath: string, newPath: string): Promise<void>;
  rename(oldPath: string, newPath: string): Promise<void>;
  unlink(path: string): Promise<void>;
  mkdir(path: string, options: { recursive: true; mode: number }): Promise<unknown>;
  readFile(path: string): Promise<Uint8Array>;
  readdir(path: string, options: { withFileTypes: true }): Promise<Dirent[]>;
  lstat(path: string): Promise<{ readonly size: number }>;
}

/** The real file system. */
export const nodeFolderFs: FolderFs = { open, link, rename, unlink, mkdir, readFile, readdir, lstat };

// Errors from link(2) that mean "this file system has no hard links", not "you may not".
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV']);

interface Context {
  readonly root: string;
  readonly fs: FolderFs;
}

/**
 * The folder destination rooted at `root` (resolved against the working directory). Nothing
 * touches the disk until the first call.
 *
 * @example
 * ```ts
 * const destination = folderDestination('/home/ada/Dropbox/tessera-backup');
 * await destination.create('tessera/devices/ab12/000001.age', ciphertext);
 * ```
 */
export function folderDestination(root: string, options: { readonly fs?: FolderFs } = {}): Destination {
  const context: Context = { root: resolve(root), fs: options.fs ?? nodeFolderFs };
  return {
    description: context.root,
    list: (prefix) => list(context, prefix),
    read: (name) => read(context, name),
    create: (name, bytes) => create(context, name, bytes),
    remove: (name) => remove(context, name),
  };
}

function pathOf(context: Context, name: string): string {
  assertObjectName(name);
  return join(context.root, ...name.split('/'));
}

async function read(context: Context, name: string): Promise<Uint8Array | undefined> {
  const path = pathOf(context, name);
  try {
    return new Uint8Array(await context.fs.readFile(path));
  } catch (error) {
    if (isErrnoException(error, 'ENOENT') || isErrnoException(error, 'ENOTDIR') || isErrnoException(error, 'EISDIR')) return undefined;
    throw fsError(context, `reading ${name}`, error);
  }
}

async function create(context: Context, name: string, bytes: Uint8Array): Promise<void> {
  const path = pathOf(context, name);
  const dir = dirname(path);
  try {
    await context.fs.mkdir(dir, { recursive: true, mode: 0o700 });
    const temp = join(dir, `.${basename(path)}.${randomSuffix()}.tmp`);
    try {
      await writeSynced(context.fs, temp, bytes);
      if (!(await publish(context.fs, temp, path))) throw new CoreError('ERR_DESTINATION_EXISTS', `${context.root} already has ${name}.`);
    } finally {
      await context.fs.unlink(temp).catch(() => undefined);
    }
    await syncDirectory(context.fs, dir);
  } catch (error) {
    throw fsError(context, `writing ${name}`, error);
  }
}

async function writeSynced(fs: FolderFs, temp: string, bytes: Uint8Array): Promise<void> {
  const handle = await fs.open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Gives the temp file its final name; false when that name is taken. `link` never replaces an
 * existing file; without hard links, check then rename (see the module doc).
 */
async function publish(fs: FolderFs, temp: string, path: string): Promise<boolean> {
  try {
    await fs.link(temp, path);
    return true;
  } catch (error) {
    if (isErrnoException(error, 'EEXIST')) return false;
    if (!(error instanceof Error) || !NO_HARD_LINKS.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
    if (await exists(fs, path)) return false;
    await fs.rename(temp, path);
    return true;
  }
}

async function exists(fs: FolderFs, path: string): Promise<boolean> {
  try {
    await fs.lstat(path);
    return true;
  } catch (error) {
    if (isErrnoException(error, 'ENOENT')) return false;
    throw error;
  }
}

/** Makes the new directory entry durable. Windows cannot fsync a folder; NTFS's journal is all there is. */
async function syncDirectory(fs: FolderFs, dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await fs.open(dir, constants.O_RDONLY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function remove(context: Context, name: string): Promise<void> {
  const path = pathOf(context, name);
  try {
    await context.fs.unlink(path);
  } catch (error) {
    if (isErrnoException(error, 'ENOENT') || isErrnoException(error, 'ENOTDIR') || isErrnoException(error, 'EISDIR')) return;
    throw fsError(context, `removing ${name}`, error);
  }
}

async function list(context: Context, prefix: string): Promise<DestinationEntry[]> {
  assertListPrefix(prefix);
  const folder = prefix.slice(0, prefix.lastIndexOf('/') + 1);
  const entries: DestinationEntry[] = [];
  try {
    await walk(context, folder, prefix, entries);
  } catch (error) {
    throw fsError(context, 'listing', error);
  }
  return entries;
}

/** Lists `folder` (a name prefix ending in `/`, or `''`), descending into folders that can hold matches. */
async function walk(context: Context, folder: string, prefix: string, entries: DestinationEntry[]): Promise<void> {
  const dir = join(context.root, ...folder.split('/'));
  let children;
  try {
    children = await context.fs.readdir(dir, { withFileTypes: true });
  } catch (error) {
    if (isErrnoException(error, 'ENOENT') || isErrnoException(error, 'ENOTDIR')) return;
    throw error;
  }
  for (const child of children) {
    const name = folder + child.name;
    if (child.isDirectory()) {
      if (`${name}/`.startsWith(prefix) || prefix.startsWith(`${name}/`)) await walk(context, `${name}/`, prefix, entries);
    } else if (child.isFile() && name.startsWith(prefix) && !isAtomicTempName(child.name) && isValidName(name)) {
      entries.push({ name, size: (await context.fs.lstat(join(dir, child.name))).size });
    }
  }
}

function isValidName(name: string): boolean {
  try {
    assertObjectName(name);
    return true;
  } catch {
    return false;
  }
}

function fsError(context: Context, action: string, error: unknown): CoreError {
  if (error instanceof CoreError) return error;
  const code = error instanceof Error ? ((error as NodeJS.ErrnoException).code ?? 'unknown error') : 'unknown error';
  if (code === 'EACCES' || code === 'EPERM') {
    return new CoreError('ERR_DESTINATION_AUTH', `${context.root}: permission denied while ${action} (${code}).`, { cause: error });
  }
  return new CoreError('ERR_DESTINATION_FAILED', `${context.root} failed while ${action} (${code}).`, { cause: error });
}
