/**
 * Snapshot encryption: a snapshot's bytes as a standard binary age file encrypted to the
 * keyring's current recipient, so `age -d -i <recovery key file>` opens it without Tessera.
 * Decryption tells the two ways it can fail apart, and lets nothing else escape:
 * `ERR_BACKUP_KEY_MISMATCH` when none of the given identities opens the file (a wrong recovery
 * key, a key rotated away and pruned, or a recipient stanza altered so nobody matches), and
 * `ERR_BACKUP_CORRUPT` for everything else (not age, malformed header, header MAC or payload
 * authentication failure, truncation, trailing bytes).
 *
 * @module
 */
import { CoreError, isCoreError } from '@tessera/core';
import { Decrypter, Encrypter, type Identity } from 'age-encryption';
import { identityKind } from './identity.js';

/**
 * Encrypts snapshot bytes to one or more recipients (`age1pq1…` or `age1…`).
 *
 * @example
 * ```ts
 * const file = await encryptSnapshot(encodeSnapshot(snapshot), [await currentRecipient(keyring)]);
 * ```
 * @throws {TypeError} for no recipient or a malformed one.
 */
export async function encryptSnapshot(plaintext: Uint8Array, recipients: readonly string[]): Promise<Uint8Array> {
  if (recipients.length === 0) throw new TypeError('At least one recipient is needed.');
  const encrypter = new Encrypter();
  for (const recipient of recipients) {
    if (!recipient.startsWith('age1')) throw new TypeError('A recipient is an age1… string.');
    try {
      encrypter.addRecipient(recipient);
    } catch (cause) {
      throw new TypeError('Not a valid age recipient.', { cause });
    }
  }
  return encrypter.encrypt(plaintext);
}

/**
 * Decrypts a snapshot file with any of `identities` (a keyring's, or the one recovery key).
 *
 * @example
 * ```ts
 * const plaintext = await decryptSnapshot(file, keyring.identities);
 * ```
 * @throws {TypeError} for no identity or a malformed one (parse recovery keys with `parseRecoveryKey`).
 */
export async function decryptSnapshot(file: Uint8Array, identities: readonly string[]): Promise<Uint8Array> {
  if (identities.length === 0) throw new TypeError('At least one identity is needed.');
  const decrypter = new Decrypter();
  for (const identity of identities) {
    if (identityKind(identity) === undefined) throw new TypeError('Not a valid age identity.');
    decrypter.addIdentity(identity);
  }
  // age tries identities in order and stops at the first that opens the file, so reaching this
  // last one means none did: "no match", told apart without reading error messages.
  const outcome = { noneMatched: false };
  const sentinel: Identity = {
    unwrapFileKey: () => {
      outcome.noneMatched = true;
      return null;
    },
  };
  decrypter.addIdentity(sentinel);
  try {
    return await decrypter.decrypt(file);
  } catch (cause) {
    if (outcome.noneMatched) {
      throw new CoreError(
        'ERR_BACKUP_KEY_MISMATCH',
        'No key you have opens this backup: it was encrypted to another backup key (a wrong recovery key, or a key rotated away), or its header was altered.',
        { cause },
      );
    }
    if (isCoreError(cause, 'ERR_BACKUP_CORRUPT')) throw cause;
    throw new CoreError('ERR_BACKUP_CORRUPT', 'The backup file is damaged: it is not a complete age file, or it was altered.', { cause });
  }
}
