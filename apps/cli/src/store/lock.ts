/**
 * An exclusive lock between processes on one vault folder, so two `tessera` processes never
 * interleave a read-modify-write and lose an update. The lock is the file `vault.lock`,
 * created with `O_EXCL` and holding who took it (pid, host, boot id, time, random token).
 *
 * A lock whose holder is gone is taken over: same host and the pid no longer exists, or a
 * different boot of this host. The breaker renames the file to a private name, checks it moved
 * exactly the lock it judged stale (same bytes, token included), and otherwise links it back.
 * Locks held from another host are never broken: waiting times out with `ERR_VAULT_LOCKED`
 * naming the holder. Not re-entrant: a process that nests `withLock` on one folder waits on itself.
 *
 * @module
 */
import { link, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { setTimeout as sleepMs } from 'node:timers/promises';
import { isErrnoException } from './atomic-write.js';
import { isProcessAlive, lockedError, parseHolder, readBootId, type LockHolder } from './lock-holder.js';
import { randomSuffix } from './random-name.js';

export { isProcessAlive, parseHolder, type LockHolder } from './lock-holder.js';

/** Name of the lock file inside the vault folder. */
export const LOCK_FILE_NAME = 'vault.lock';

/** Default time to wait for a busy lock. */
export const DEFAULT_LOCK_TIMEOUT_MS = 10_000;

/** An unparsable lock file (its writer died between create and write) is stale after this. */
const UNREADABLE_LOCK_GRACE_MS = 2_000;

/** Tuning and test seams of {@link withLock}. Every field has a production default. */
export interface LockOptions {
  readonly timeoutMs?: number;
  readonly pid?: number;
  readonly hostname?: string;
  readonly bootId?: string | undefined;
  readonly isProcessAlive?: (pid: number) => boolean;
  readonly now?: () => number;
}

interface Settings {
  readonly timeoutMs: number;
  readonly self: Omit<LockHolder, 'createdAt' | 'token'>;
  readonly isProcessAlive: (pid: number) => boolean;
  readonly now: () => number;
}

/**
 * Runs `fn` while holding the folder's lock, and releases it afterwards, whether `fn`
 * succeeded or threw. Waits with exponential back-off up to `timeoutMs` (default 10 s), then
 * throws `ERR_VAULT_LOCKED`.
 *
 * @example
 * ```ts
 * const result = await withLock('/home/ada/.local/share/tessera', async () => readModifyWrite());
 * ```
 */
export async function withLock<T>(dir: string, fn: () => Promise<T> | T, options: LockOptions = {}): Promise<T> {
  const release = await acquireLock(dir, options);
  try {
    return await fn();
  } finally {
    await release();
  }
}

/**
 * Takes the folder's lock and returns the function that releases it. Prefer {@link withLock}.
 *
 * @example
 * ```ts
 * const release = await acquireLock(dir);
 * try { await work(); } finally { await release(); }
 * ```
 */
export async function acquireLock(dir: string, options: LockOptions = {}): Promise<() => Promise<void>> {
  const settings = resolveSettings(options);
  const path = join(dir, LOCK_FILE_NAME);
  const deadline = settings.now() + settings.timeoutMs;
  for (let attempt = 0; ; attempt++) {
    const mine = lockContent(settings);
    if (await tryCreate(path, mine)) return () => release(path, mine);
    const seen = await readFile(path).catch(undefinedIfMissing);
    if (seen === undefined) continue;
    if (await isStale(path, seen, settings)) {
      await breakStaleLock(path, seen);
      continue;
    }
    const remaining = deadline - settings.now();
    if (remaining <= 0) throw lockedError(path, seen, settings.self.hostname);
    await sleepMs(Math.min(remaining, backoff(attempt)));
  }
}

function resolveSettings(options: LockOptions): Settings {
  const bootId = 'bootId' in options ? options.bootId : readBootId();
  return {
    timeoutMs: options.timeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS,
    self: {
      pid: options.pid ?? process.pid,
      hostname: options.hostname ?? hostname(),
      ...(bootId === undefined ? {} : { boot: bootId }),
    },
    isProcessAlive: options.isProcessAlive ?? isProcessAlive,
    now: options.now ?? Date.now,
  };
}

function lockContent(settings: Settings): Buffer {
  const holder: LockHolder = {
    ...settings.self,
    createdAt: new Date(settings.now()).toISOString(),
    token: randomSuffix(),
  };
  return Buffer.from(`${JSON.stringify(holder)}\n`);
}

async function tryCreate(path: string, content: Buffer): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, 'wx', 0o600);
  } catch (error) {
    if (isErrnoException(error, 'EEXIST')) return false;
    throw error;
  }
  try {
    await handle.writeFile(content);
  } catch (error) {
    await handle.close();
    await unlink(path).catch(() => undefined);
    throw error;
  }
  await handle.close();
  return true;
}

async function release(path: string, mine: Buffer): Promise<void> {
  const current = await readFile(path).catch(undefinedIfMissing);
  // Only remove our own lock: if it was (wrongly) broken, the file now belongs to someone else.
  if (current?.equals(mine) === true) await unlink(path).catch(undefinedIfMissing);
}

async function isStale(path: string, seen: Buffer, settings: Settings): Promise<boolean> {
  const holder = parseHolder(seen);
  if (holder === undefined) {
    const info = await stat(path).catch(undefinedIfMissing);
    return info !== undefined && settings.now() - info.mtimeMs > UNREADABLE_LOCK_GRACE_MS;
  }
  if (holder.hostname !== settings.self.hostname) return false;
  if (holder.boot !== undefined && settings.self.boot !== undefined && holder.boot !== settings.self.boot) return true;
  return !settings.isProcessAlive(holder.pid);
}

/**
 * Removes the lock file at `path` if it still holds exactly `seen`, and nothing else. The
 * rename is atomic, so of several breakers exactly one moves a given file; a breaker that lost
 * the race and moved a fresh, live lock instead puts it back with `link`, which never
 * overwrites a newer lock. (Left: if a third process takes the lock in the microseconds the
 * live file is away, two hold it; this needs two breakers racing on one stale lock.)
 *
 * @example
 * ```ts
 * const seen = await readFile(lockPath);
 * if (holderIsDead(seen)) await breakStaleLock(lockPath, seen);
 * ```
 */
export async function breakStaleLock(path: string, seen: Uint8Array): Promise<void> {
  const grave = staleLockGraveName(path);
  try {
    await rename(path, grave);
  } catch (error) {
    if (isErrnoException(error, 'ENOENT')) return;
    throw error;
  }
  const moved = await readFile(grave).catch(undefinedIfMissing);
  if (moved !== undefined && !moved.equals(seen)) await link(grave, path).catch(() => undefined);
  await unlink(grave).catch(() => undefined);
}

/**
 * Where {@link breakStaleLock} moves a lock it judged stale: `.vault.lock.<16 hex>.breaking`
 * next to it. Not a `.tmp` name, so no temp-file sweep ever takes it for an orphaned write: the
 * moved file may be a live lock on its way back.
 *
 * @example
 * ```ts
 * staleLockGraveName('/home/ada/.local/share/tessera/vault.lock'); // '…/.vault.lock.9f2c41d07be35a18.breaking'
 * ```
 */
export function staleLockGraveName(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomSuffix()}.breaking`);
}

/** Exponential back-off from 10 ms to 250 ms, with jitter so waiting processes do not march in step. */
function backoff(attempt: number): number {
  const base = Math.min(250, 10 * 2 ** Math.min(attempt, 5));
  return base / 2 + Math.random() * base;
}

function undefinedIfMissing(error: unknown): undefined {
  if (isErrnoException(error, 'ENOENT')) return undefined;
  throw error;
}
