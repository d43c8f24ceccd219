/**
 * The never-overwrite write shared by snapshots and keyrings: create under a name nobody has
 * used, read it back, compare bytes, run the caller's own check on what was read, and only
 * then report success. A failed check removes the new object (it is ours, and it is bad); the
 * objects already there are never touched here.
 *
 * @module
 */
import { CoreError, isCoreError, type Destination } from '@tessera/core';
import { equalBytes } from './bytes.js';

/** What {@link writeOnce} needs. */
export interface WriteOnceRequest {
  readonly destination: Destination;
  /** Names already present (from a listing just taken); `freshName` must avoid them. */
  readonly existing: ReadonlySet<string>;
  /** A new candidate name on each call (each carries fresh random bits). */
  readonly freshName: () => string;
  readonly bytes: Uint8Array;
  /** Throws unless the bytes read back are right (e.g. they decrypt to the source). */
  readonly check: (readBack: Uint8Array) => Promise<void>;
  /** For messages: "backup", "keyring". */
  readonly what: string;
}

/** Tries for a name not in the listing: 32 random bits make a second try all but unheard of. */
const NAME_ATTEMPTS = 8;

/** Writes `bytes` once under a fresh name and verifies it; returns the name. */
export async function writeOnce(request: WriteOnceRequest): Promise<string> {
  const name = pickName(request);
  try {
    await request.destination.create(name, request.bytes);
  } catch (error) {
    // Someone else's object under "our" name must not be removed; anything else we wrote is ours.
    if (!isCoreError(error, 'ERR_DESTINATION_EXISTS')) await removeQuietly(request.destination, name);
    throw error;
  }
  try {
    await verify(request, name);
  } catch (error) {
    await removeQuietly(request.destination, name);
    throw error;
  }
  return name;
}

function pickName(request: WriteOnceRequest): string {
  for (let attempt = 0; attempt < NAME_ATTEMPTS; attempt++) {
    const name = request.freshName();
    if (!request.existing.has(name)) return name;
  }
  throw new TypeError('The random source keeps producing names that already exist.');
}

async function verify(request: WriteOnceRequest, name: string): Promise<void> {
  const readBack = await request.destination.read(name);
  if (readBack === undefined) throw verifyFailed(`the new ${request.what} is missing when read back`);
  if (!equalBytes(readBack, request.bytes)) throw verifyFailed(`the new ${request.what} read back different from what was written`);
  try {
    await request.check(readBack);
  } catch (cause) {
    throw verifyFailed(`the new ${request.what} does not decrypt to what was written`, cause);
  }
}

async function removeQuietly(destination: Destination, name: string): Promise<void> {
  try {
    await destination.remove(name);
  } catch {
    // The original failure is what matters. A leftover is at worst a damaged newest object,
    // which readers reject with a typed error, and which is pruned like any other later.
  }
}

function verifyFailed(reason: string, cause?: unknown): CoreError {
  return new CoreError(
    'ERR_BACKUP_VERIFY_FAILED',
    `The backup destination did not keep what was written (${reason}); it was removed and older backups are untouched.`,
    cause === undefined ? undefined : { cause },
  );
}
