/**
 * What a `vault.lock` file says about its holder, how to tell whether that holder still lives,
 * and the error that names it when waiting for it times out.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { CliError } from '../errors.js';
import { isErrnoException } from './atomic-write.js';

/** What a lock file says about its holder. */
export interface LockHolder {
  readonly pid: number;
  readonly hostname: string;
  /** Linux boot id, when known: a lock from an earlier boot is stale whatever its pid. */
  readonly boot?: string;
  /** ISO 8601 time the lock was taken. */
  readonly createdAt: string;
  readonly token: string;
}

/**
 * Parses a lock file; `undefined` when it is not one we wrote.
 *
 * @example
 * ```ts
 * parseHolder(await readFile(join(dir, 'vault.lock')))?.pid;
 * ```
 */
export function parseHolder(bytes: Uint8Array): LockHolder | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(bytes).toString('utf8'));
    if (typeof value !== 'object' || value === null) return undefined;
    const holder = value as Partial<LockHolder>;
    if (typeof holder.pid !== 'number' || !Number.isSafeInteger(holder.pid) || holder.pid <= 0) return undefined;
    if (typeof holder.hostname !== 'string') return undefined;
    if (typeof holder.createdAt !== 'string' || typeof holder.token !== 'string') return undefined;
    return holder as LockHolder;
  } catch {
    return undefined;
  }
}

/**
 * `ERR_VAULT_LOCKED` for a lock held by `seen` at `path`, as seen from host `host`. Names the
 * holder, and advises deleting the lock only where that can be right: a holder on
 * this host is alive (a dead one would have been taken over), and may just be waiting for
 * someone to type a passphrase.
 *
 * @example
 * ```ts
 * throw lockedError(join(dir, 'vault.lock'), await readFile(join(dir, 'vault.lock')), hostname());
 * ```
 */
export function lockedError(path: string, seen: Buffer, host: string): CliError {
  const holder = parseHolder(seen);
  if (holder === undefined) return new CliError('ERR_VAULT_LOCKED', 'The vault is in use by another tessera process. Try again when it has finished.');
  if (holder.hostname !== host) {
    return new CliError(
      'ERR_VAULT_LOCKED',
      `The vault is in use by pid ${holder.pid} on host "${holder.hostname}" since ${holder.createdAt}. ` +
        `Locks from another host are never broken: if no tessera process is running there, delete ${path}.`,
    );
  }
  return new CliError(
    'ERR_VAULT_LOCKED',
    `The vault is in use by tessera (pid ${holder.pid}, since ${holder.createdAt}), which may be waiting for a passphrase. Try again when it has finished.`,
  );
}

/**
 * True when a process with this pid exists on this host (EPERM: it exists, owned by someone else).
 *
 * @example
 * ```ts
 * isProcessAlive(process.pid); // true
 * ```
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return isErrnoException(error, 'EPERM');
  }
}

/**
 * This boot's id (Linux), so locks from an earlier boot can be told apart; `undefined` elsewhere.
 *
 * @example
 * ```ts
 * readBootId(); // e.g. '3d1219c7-c4c5-404a-aa1f-6d2a48adfda4'
 * ```
 */
export function readBootId(): string | undefined {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return undefined;
  }
}
