/**
 * The standard age passphrase stanza (C2SP age.md, "scrypt recipient stanza"), with the KDF
 * run by Node's native scrypt: age-encryption's own pure-JS scrypt takes seconds at the
 * default work factor of 2^18, native takes well under one. Files stay standard age, readable
 * by `age -d` and by age-encryption's `Decrypter.addPassphrase` (up to its own cap of 2^20).
 *
 *     -> scrypt <base64(salt, 16 bytes)> <logN>
 *     base64(ChaCha20-Poly1305(key = scrypt(passphrase, "age-encryption.org/v1/scrypt" ‖ salt,
 *                              N = 2^logN, r = 8, p = 1, dkLen = 32), nonce = 0¹², file key))
 *
 * The work factor comes from the file, so it is bounded before anything is allocated: logN
 * outside [10, 22] is refused (`ERR_KDF_PARAMS_OUT_OF_RANGE`). 2^22 needs 4 GiB, the most we
 * will let a file ask for; 2^10 is the lowest standard test vectors use. Callers with a policy
 * (the backup keyring: 2^15) raise the floor with `minLogN`. An scrypt stanza must be the only
 * stanza in its header, or the file is refused (`ERR_AGE_HEADER_INVALID`).
 * Passphrases are used exactly as given (age does not normalise them).
 *
 * @module
 */
import { randomBytes, scrypt } from 'node:crypto';
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { base64nopad } from '@scure/base';
import { Decrypter, Encrypter, Stanza, type Identity, type Recipient } from 'age-encryption';
import { CliError } from '../errors.js';

/** Work factor (log2 N) for new files: age's default. */
export const SCRYPT_LOG_N_DEFAULT = 18;
/** Lowest work factor accepted from a file. */
export const SCRYPT_LOG_N_MIN = 10;
/** Highest work factor accepted from a file (4 GiB of memory). */
export const SCRYPT_LOG_N_MAX = 22;

const LABEL = 'age-encryption.org/v1/scrypt';
const R = 8;
/** OpenSSL needs 128·r·(N + p + 2) bytes; one extra MiB covers the small terms. */
const MAXMEM_MARGIN = 1024 * 1024;
const LOG_N_SYNTAX = /^[1-9][0-9]*$/;

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
export class ScryptRecipient implements Recipient {
  readonly #passphrase: string;
  readonly #logN: number;

  constructor(passphrase: string, logN: number = SCRYPT_LOG_N_DEFAULT) {
    if (passphrase.length === 0) throw new RangeError('passphrase must not be empty');
    if (!Number.isInteger(logN) || logN < SCRYPT_LOG_N_MIN || logN > SCRYPT_LOG_N_MAX) {
      throw new RangeError(`scrypt logN must be an integer in [${SCRYPT_LOG_N_MIN}, ${SCRYPT_LOG_N_MAX}]`);
    }
    this.#passphrase = passphrase;
    this.#logN = logN;
  }

  async wrapFileKey(fileKey: Uint8Array): Promise<Stanza[]> {
    const salt = randomBytes(16);
    const key = await deriveKey(this.#passphrase, salt, this.#logN);
    try {
      const body = chacha20poly1305(key, new Uint8Array(12)).encrypt(fileKey);
      return [new Stanza(['scrypt', base64nopad.encode(salt), String(this.#logN)], body)];
    } finally {
      key.fill(0);
    }
  }
}

/**
 * Decrypts the file key of a passphrase-encrypted age file. Returns `null` for a wrong
 * passphrase or a file without an scrypt stanza (age's Identity contract); throws a
 * `CliError` for a malformed stanza or an out-of-bounds work factor.
 *
 * @example
 * ```ts
 * const d = new Decrypter();
 * d.addIdentity(new ScryptIdentity('correct horse battery staple', { minLogN: 15 }));
 * const plaintext = await d.decrypt(file);
 * ```
 */
export class ScryptIdentity implements Identity {
  readonly #passphrase: string;
  readonly #minLogN: number;
  readonly #maxLogN: number;
  #wrongPassphrase = false;

  constructor(passphrase: string, bounds: ScryptBounds = {}) {
    this.#passphrase = passphrase;
    this.#minLogN = Math.max(SCRYPT_LOG_N_MIN, bounds.minLogN ?? SCRYPT_LOG_N_MIN);
    this.#maxLogN = Math.min(SCRYPT_LOG_N_MAX, bounds.maxLogN ?? SCRYPT_LOG_N_MAX);
  }

  /** True when the last file had a well-formed scrypt stanza this passphrase did not open. */
  get wrongPassphrase(): boolean {
    return this.#wrongPassphrase;
  }

  async unwrapFileKey(stanzas: Stanza[]): Promise<Uint8Array | null> {
    this.#wrongPassphrase = false;
    const stanza = stanzas.find((s) => s.args[0] === 'scrypt');
    if (stanza === undefined) return null;
    if (stanzas.length !== 1) throw headerInvalid('an scrypt stanza must be the only stanza in the header');
    const { salt, logN } = parseStanza(stanza, this.#minLogN, this.#maxLogN);
    const key = await deriveKey(this.#passphrase, salt, logN);
    try {
      return chacha20poly1305(key, new Uint8Array(12)).decrypt(stanza.body);
    } catch {
      this.#wrongPassphrase = true;
      return null;
    } finally {
      key.fill(0);
    }
  }
}

/** Validates every field before any key derivation, so a hostile file cannot make us allocate. */
function parseStanza(stanza: Stanza, minLogN: number, maxLogN: number): { salt: Uint8Array; logN: number } {
  const [, saltText, logNText] = stanza.args;
  if (stanza.args.length !== 3 || saltText === undefined || logNText === undefined) throw headerInvalid('malformed scrypt stanza');
  if (!LOG_N_SYNTAX.test(logNText)) throw headerInvalid('malformed scrypt work factor');
  const logN = Number(logNText);
  if (logN < minLogN || logN > maxLogN) {
    throw new CliError('ERR_KDF_PARAMS_OUT_OF_RANGE', `scrypt work factor 2^${logNText} is outside the accepted 2^${minLogN}..2^${maxLogN}`);
  }
  let salt: Uint8Array;
  try {
    salt = base64nopad.decode(saltText);
  } catch (cause) {
    throw headerInvalid('malformed scrypt salt', cause);
  }
  if (salt.length !== 16) throw headerInvalid('scrypt salt must be 16 bytes');
  if (stanza.body.length !== 32) throw headerInvalid('scrypt stanza body must be 32 bytes');
  return { salt, logN };
}

function deriveKey(passphrase: string, salt: Uint8Array, logN: number): Promise<Buffer> {
  const N = 2 ** logN;
  const password = Buffer.from(passphrase, 'utf8');
  const labelAndSalt = Buffer.concat([Buffer.from(LABEL, 'ascii'), salt]);
  const options = { N, r: R, p: 1, maxmem: 128 * R * N + MAXMEM_MARGIN };
  return new Promise((resolve, reject) => {
    scrypt(password, labelAndSalt, 32, options, (error, key) => {
      password.fill(0);
      if (error === null) resolve(key);
      else reject(error);
    });
  });
}

function headerInvalid(message: string, cause?: unknown): CliError {
  return new CliError('ERR_AGE_HEADER_INVALID', message, cause === undefined ? undefined : { cause });
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
  return encrypter.encrypt(plaintext);
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
    return await decrypter.decrypt(ciphertext);
  } catch (cause) {
    if (cause instanceof CliError) throw cause;
    if (identity.wrongPassphrase) throw new CliError('ERR_PASSPHRASE_WRONG', 'wrong passphrase', { cause });
    throw new CliError('ERR_AGE_DECRYPT_FAILED', 'not a valid passphrase-encrypted age file, or it was modified', { cause });
  }
}
