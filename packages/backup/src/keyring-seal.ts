/**
 * The passphrase slot of the keyring: the keyring's plaintext encrypted to a passphrase as a
 * standard age scrypt file, which `age -d` opens with the same passphrase. The KDF is injected
 * (see {@link ScryptFunction}); a new keyring uses work factor 2^18, and a keyring read from a
 * destination must ask for between 2^15 and 2^22 (issue 3): a lower one is a downgrade, a
 * higher one a memory-exhaustion attempt, and both are refused before anything is derived.
 * Passphrases are NFC-normalised and strength-checked when set, never when unlocking.
 *
 * @module
 */
import { checkPassphraseStrength, CoreError, isCoreError, normalizePassphrase } from '@tessera/core';
import { Decrypter, Encrypter } from 'age-encryption';
import {
  SCRYPT_LOG_N_DEFAULT,
  SCRYPT_LOG_N_MAX,
  ScryptIdentity,
  ScryptRecipient,
  type ScryptBounds,
  type ScryptFunction,
} from './age/scrypt-stanza.js';
import type { RandomSource } from './internal/bytes.js';
import { decodeKeyring, encodeKeyring, type Keyring } from './keyring.js';

/** Lowest work factor accepted from a keyring file. */
export const KEYRING_LOG_N_MIN = 15;
/** Highest work factor accepted from a keyring file (4 GiB of memory). */
export const KEYRING_LOG_N_MAX: number = SCRYPT_LOG_N_MAX;
/** Largest keyring file read (64 identities take under 6 KiB). */
export const MAX_KEYRING_FILE_BYTES: number = 64 * 1024;

/** How {@link sealKeyring} encrypts. */
export interface SealKeyringOptions {
  readonly scrypt: ScryptFunction;
  /** Source of the scrypt salt. */
  readonly random: RandomSource;
  /** Work factor (log2 N); default 18. */
  readonly logN?: number;
}

/** How {@link openKeyring} derives, and the work factors it accepts (default 2^15..2^22). */
export interface OpenKeyringOptions extends ScryptBounds {
  readonly scrypt: ScryptFunction;
}

/**
 * Encrypts a keyring to a passphrase. The passphrase must pass the strength policy
 * (`ERR_PASSPHRASE_WEAK`, `ERR_PASSPHRASE_TOO_LONG`).
 *
 * @example
 * ```ts
 * const file = await sealKeyring(keyring, 'violet tractor ocean 47', { scrypt: nodeScrypt, random });
 * ```
 */
export async function sealKeyring(keyring: Keyring, passphrase: string, options: SealKeyringOptions): Promise<Uint8Array> {
  checkPassphraseStrength(passphrase);
  const plaintext = encodeKeyring(keyring);
  const encrypter = new Encrypter();
  const logN = options.logN ?? SCRYPT_LOG_N_DEFAULT;
  encrypter.addRecipient(new ScryptRecipient(normalizePassphrase(passphrase), { scrypt: options.scrypt, random: options.random, logN }));
  try {
    return await encrypter.encrypt(plaintext);
  } finally {
    plaintext.fill(0);
  }
}

/**
 * Decrypts and parses a keyring file. A wrong passphrase is `ERR_KEYRING_PASSPHRASE_WRONG`; a
 * work factor outside the bounds is `ERR_KDF_PARAMS_OUT_OF_RANGE` (no KDF run); anything else
 * (not an age passphrase file, altered, truncated, malformed plaintext) is `ERR_KEYRING_CORRUPT`.
 *
 * @example
 * ```ts
 * const keyring = await openKeyring(file, passphrase, { scrypt: nodeScrypt });
 * ```
 */
export async function openKeyring(file: Uint8Array, passphrase: string, options: OpenKeyringOptions): Promise<Keyring> {
  const identity = new ScryptIdentity(normalizePassphrase(passphrase), {
    scrypt: options.scrypt,
    minLogN: options.minLogN ?? KEYRING_LOG_N_MIN,
    maxLogN: options.maxLogN ?? KEYRING_LOG_N_MAX,
  });
  if (file.length > MAX_KEYRING_FILE_BYTES) throw corrupt('it is larger than any keyring');
  const decrypter = new Decrypter();
  decrypter.addIdentity(identity);
  let plaintext: Uint8Array;
  try {
    plaintext = await decrypter.decrypt(file);
  } catch (cause) {
    if (isCoreError(cause, 'ERR_KDF_PARAMS_OUT_OF_RANGE')) throw cause;
    if (identity.wrongPassphrase) {
      throw new CoreError('ERR_KEYRING_PASSPHRASE_WRONG', 'The passphrase does not open the backup keyring.', { cause });
    }
    throw corrupt('it is not a passphrase-encrypted age file, or it was altered or cut short', cause);
  }
  try {
    return decodeKeyring(plaintext);
  } finally {
    plaintext.fill(0);
  }
}

function corrupt(reason: string, cause?: unknown): CoreError {
  return new CoreError('ERR_KEYRING_CORRUPT', `The backup keyring cannot be read: ${reason}.`, cause === undefined ? undefined : { cause });
}
