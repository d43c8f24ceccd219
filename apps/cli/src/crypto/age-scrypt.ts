/**
 * The standard age passphrase stanza for Node: `@tessera/backup`'s scrypt stanza with the KDF
 * run by Node's native scrypt (OpenSSL) and salts from Node's CSPRNG. age-encryption's own
 * pure-JS scrypt takes seconds at the default work factor of 2^18; native takes well under one.
 * Files stay standard age, readable by `age -d` and by age-encryption's `Decrypter.addPassphrase`
 * (up to its own cap of 2^20). The app lock uses it with its own bounds: logN outside [10, 22]
 * is refused (`ERR_KDF_PARAMS_OUT_OF_RANGE`) before anything is allocated; an scrypt stanza must
 * be the only stanza in its header (`ERR_AGE_HEADER_INVALID`). Passphrases are used exactly as
 * given (age does not normalise them).
 *
 * @module
 */
import { randomBytes, scrypt } from 'node:crypto';
import {
  ScryptIdentity as PortableScryptIdentity,
  ScryptRecipient as PortableScryptRecipient,
  SCRYPT_LOG_N_DEFAULT,
  SCRYPT_LOG_N_MAX,
  SCRYPT_LOG_N_MIN,
  type RandomSource,
  type ScryptFunction,
} from '@tessera/backup';
import { isCoreError } from '@tessera/core';
import { Decrypter, Encrypter } from 'age-encryption';
import { CliError } from '../errors.js';
import { decryptBytes, encryptBytes } from './age-bytes.js';

export { SCRYPT_LOG_N_DEFAULT, SCRYPT_LOG_N_MAX, SCRYPT_LOG_N_MIN };

/** OpenSSL needs 128·r·(N + p + 2) bytes; one extra MiB covers the small terms. */
const MAXMEM_MARGIN = 1024 * 1024;

/**
 * Native scrypt (r = 8, p = 1, dkLen = 32) with `maxmem` sized for the work factor, so OpenSSL
 * accepts every N the stanza lets through (its default cap is 32 MiB, below 2^18's 256 MiB).
 *
 * @example
 * ```ts
 * const keyring = await openKeyring(file, passphrase, { scrypt: nodeScrypt });
 * ```
 */
export const nodeScrypt: ScryptFunction = (passphrase, salt, logN) => {
  const N = 2 ** logN;
  return new Promise((resolve, reject) => {
    scrypt(passphrase, salt, 32, { N, r: 8, p: 1, maxmem: 128 * 8 * N + MAXMEM_MARGIN }, (error, key) => {
      if (error === null) resolve(new Uint8Array(key.buffer, key.byteOffset, key.length));
      else reject(error);
    });
  });
};

/**
 * Node's CSPRNG as a {@link RandomSource}.
 *
 * @example
 * ```ts
 * await publishGeneration({ ...options, random: nodeRandom });
 * ```
 */
export const nodeRandom: RandomSource = (n) => {
  const bytes = randomBytes(n);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
};

/** Bounds on the work factor a file may ask for, within [{@link SCRYPT_LOG_N_MIN}, {@link SCRYPT_LOG_N_MAX}]. */
export interface ScryptBounds {
  readonly minLogN?: number;
  readonly maxLogN?: number;
}

/**
 * Encrypts a file key to a passphrase. Must be the file's only recipient.
 *
 * @example
 * ```ts
 * const e = new Encrypter();
 * e.addRecipient(new ScryptRecipient('correct horse battery staple'));
 * const file = await e.encrypt(plaintext);
 * ```
 */
export class ScryptRecipient extends PortableScryptRecipient {
  constructor(passphrase: string, logN: number = SCRYPT_LOG_N_DEFAULT) {
    super(passphrase, { scrypt: nodeScrypt, random: nodeRandom, logN });
  }
}

/**
 * Decrypts the file key of a passphrase-encrypted age file. Returns `null` for a wrong
 * passphrase or a file without an scrypt stanza (age's Identity contract); throws for a
 * malformed stanza or an out-of-bounds work factor. Bounds outside [10, 22] are clamped.
 *
 * @example
 * ```ts
 * const d = new Decrypter();
 * d.addIdentity(new ScryptIdentity('correct horse battery staple', { minLogN: 15 }));
 * const plaintext = await d.decrypt(file);
 * ```
 */
export class ScryptIdentity extends PortableScryptIdentity {
  constructor(passphrase: string, bounds: ScryptBounds = {}) {
    super(passphrase, {
      scrypt: nodeScrypt,
      minLogN: Math.max(SCRYPT_LOG_N_MIN, bounds.minLogN ?? SCRYPT_LOG_N_MIN),
      maxLogN: Math.min(SCRYPT_LOG_N_MAX, bounds.maxLogN ?? SCRYPT_LOG_N_MAX),
    });
  }
}

/**
 * Encrypts `plaintext` to `passphrase` as a standard age file (work factor 2^18 by default).
 *
 * @example
 * ```ts
 * const file = await encryptWithPassphrase(new TextEncoder().encode('hello'), 'correct horse battery staple');
 * ```
 */
export async function encryptWithPassphrase(
  plaintext: Uint8Array,
  passphrase: string,
  logN: number = SCRYPT_LOG_N_DEFAULT,
): Promise<Uint8Array> {
  const encrypter = new Encrypter();
  encrypter.addRecipient(new ScryptRecipient(passphrase, logN));
  return encryptBytes(encrypter, plaintext);
}

/**
 * Decrypts a passphrase-encrypted age file. A wrong passphrase is `ERR_PASSPHRASE_WRONG`;
 * anything else wrong with the file (not an age file, no scrypt stanza, modified header or
 * payload) is `ERR_AGE_HEADER_INVALID`, `ERR_KDF_PARAMS_OUT_OF_RANGE` or `ERR_AGE_DECRYPT_FAILED`.
 *
 * @example
 * ```ts
 * const plaintext = await decryptWithPassphrase(file, 'correct horse battery staple');
 * ```
 */
export async function decryptWithPassphrase(ciphertext: Uint8Array, passphrase: string, bounds: ScryptBounds = {}): Promise<Uint8Array> {
  const identity = new ScryptIdentity(passphrase, bounds);
  const decrypter = new Decrypter();
  decrypter.addIdentity(identity);
  try {
    return await decryptBytes(decrypter, ciphertext);
  } catch (cause) {
    if (cause instanceof CliError || isCoreError(cause)) throw cause;
    if (identity.wrongPassphrase) throw new CliError('ERR_PASSPHRASE_WRONG', 'wrong passphrase', { cause });
    throw new CliError('ERR_AGE_DECRYPT_FAILED', 'not a valid passphrase-encrypted age file, or it was modified', { cause });
  }
}
