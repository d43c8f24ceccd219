/**
 * The recovery key: the backup identity itself, printed once at setup so a person with nothing
 * but that sheet of paper can open their backups (with Tessera or with stock `age -d -i`).
 * Typed back in, it is normalised (surrounding space, spaces and line breaks inside, case) and
 * its Bech32 checksum is verified before it is used for anything, so a typo is reported as a
 * typo and never as "wrong key" after a network round trip (security.md §2b, case 11).
 *
 * @module
 */
import { CoreError } from '@tessera/core';
import { identityKind, type BackupIdentityKind } from './identity.js';

/** A recovery key that passed its checksum. */
export interface RecoveryKey {
  /** The identity, in canonical form (upper case, no spaces). */
  readonly identity: string;
  readonly kind: BackupIdentityKind;
}

/** Far longer than any identity (a hybrid one is 77 characters): bounds the work on pasted junk. */
const MAX_INPUT_LENGTH = 1024;

/**
 * Checks and normalises a recovery key as typed or pasted. Throws `ERR_RECOVERY_KEY_INVALID`
 * when it is not one, saying whether the checksum caught a typo.
 *
 * @example
 * ```ts
 * const { identity } = parseRecoveryKey(' age-secret-key-1qy… \n ');
 * const plaintext = await decryptSnapshot(file, [identity]);
 * ```
 */
export function parseRecoveryKey(text: string): RecoveryKey {
  if (text.length > MAX_INPUT_LENGTH) throw invalid('This is too long to be a recovery key.');
  const identity = text.replace(/\s+/g, '').toUpperCase();
  const kind = identityKind(identity);
  if (kind !== undefined) return { identity, kind };
  if (!identity.startsWith('AGE-SECRET-KEY-')) {
    throw invalid('This is not a recovery key: a recovery key starts with "AGE-SECRET-KEY-".');
  }
  throw invalid('The recovery key has a typo: its checksum does not match. Check each character against the printed key.');
}

function invalid(message: string): CoreError {
  return new CoreError('ERR_RECOVERY_KEY_INVALID', message);
}
