/**
 * The standard age passphrase stanza (C2SP age.md, "scrypt recipient stanza") with the KDF
 * injected, so each platform brings its fastest scrypt (Node's native one in the CLI, a WASM
 * or WebCrypto-backed one in a browser). age-encryption's own pure-JS scrypt takes seconds at
 * the default work factor of 2^18; the files stay standard age either way, readable by
 * `age -d` and by age-encryption's `Decrypter.addPassphrase` (up to its own cap of 2^20).
 *
 *     -> scrypt <base64(salt, 16 bytes)> <logN>
 *     base64(ChaCha20-Poly1305(key = scrypt(passphrase, "age-encryption.org/v1/scrypt" ‖ salt,
 *                              N = 2^logN, r = 8, p = 1, dkLen = 32), nonce = 0¹², file key))
 *
 * The work factor comes from the file, so every field is checked before the KDF is called:
 * logN outside the identity's bounds (by default [10, 22]; 2^22 needs 4 GiB, the most a file
 * may ask for) is `ERR_KDF_PARAMS_OUT_OF_RANGE`, a malformed stanza or one sharing the header
 * with others is `ERR_AGE_HEADER_INVALID`. Passphrases are used exactly as given (age does not
 * normalise them); callers normalise first.
 *
 * @module
 */
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { base64nopad } from '@scure/base';
import { CoreError } from '@tessera/core';
import { Stanza, type Identity, type Recipient } from 'age-encryption';
import { randomBytes, utf8, type RandomSource } from '../internal/bytes.js';

/**
 * scrypt with r = 8, p = 1, dkLen = 32 and N = 2^`logN`. `salt` is the full scrypt salt
 * (`"age-encryption.org/v1/scrypt"` followed by the file's 16 random bytes). The function may
 * keep no reference to `passphrase`: it is wiped once the promise settles.
 */
export type ScryptFunction = (passphrase: Uint8Array, salt: Uint8Array, logN: number) => Promise<Uint8Array>;

/** Work factor (log2 N) for new files: age's default. */
export const SCRYPT_LOG_N_DEFAULT = 18;
/** Lowest work factor ever accepted (standard test vectors use 10). */
export const SCRYPT_LOG_N_MIN = 10;
/** Highest work factor ever accepted: 2^22 needs 4 GiB of memory. */
export const SCRYPT_LOG_N_MAX = 22;

const LABEL = 'age-encryption.org/v1/scrypt';
const LOG_N_SYNTAX = /^[1-9][0-9]*$/;
const ZERO_NONCE = new Uint8Array(12);

/** Bounds on the work factor a file may ask for, inside [{@link SCRYPT_LOG_N_MIN}, {@link SCRYPT_LOG_N_MAX}]. */
export interface ScryptBounds {
  readonly minLogN?: number;
  readonly maxLogN?: number;
}

/** How a {@link ScryptRecipient} derives and salts. */
export interface ScryptRecipientOptions {
  readonly scrypt: ScryptFunction;
  readonly random: RandomSource;
  /** Work factor for the new file; default {@link SCRYPT_LOG_N_DEFAULT}. */
  readonly logN?: number;
}

/** How a {@link ScryptIdentity} derives, and which work factors it accepts from a file. */
export interface ScryptIdentityOptions extends ScryptBounds {
  readonly scrypt: ScryptFunction;
}

/**
 * Encrypts a file key to a passphrase. Must be the file's only recipient.
 *
 * @example
 * ```ts
 * const e = new Encrypter();
 * e.addRecipient(new ScryptRecipient('correct horse battery staple', { scrypt, random }));
 * const file = await e.encrypt(plaintext);
 * ```
 */
export class ScryptRecipient implements Recipient {
  readonly #passphrase: string;
  readonly #scrypt: ScryptFunction;
  readonly #random: RandomSource;
  readonly #logN: number;

  constructor(passphrase: string, options: ScryptRecipientOptions) {
    const logN = options.logN ?? SCRYPT_LOG_N_DEFAULT;
    if (passphrase.length === 0) throw new RangeError('passphrase must not be empty');
    checkLogN(logN, 'logN');
    this.#passphrase = passphrase;
    this.#scrypt = options.scrypt;
    this.#random = options.random;
    this.#logN = logN;
  }

  async wrapFileKey(fileKey: Uint8Array): Promise<Stanza[]> {
    const salt = randomBytes(this.#random, 16);
    const key = await deriveKey(this.#scrypt, this.#passphrase, salt, this.#logN);
    try {
      const body = chacha20poly1305(key, ZERO_NONCE).encrypt(fileKey);
      return [new Stanza(['scrypt', base64nopad.encode(salt), String(this.#logN)], body)];
    } finally {
      key.fill(0);
    }
  }
}

/**
 * Decrypts the file key of a passphrase-encrypted age file. Returns `null` for a wrong
 * passphrase or a file without an scrypt stanza (age's Identity contract); throws a
 * `CoreError` for a malformed stanza (`ERR_AGE_HEADER_INVALID`) or a work factor outside the
 * bounds (`ERR_KDF_PARAMS_OUT_OF_RANGE`), in both cases without calling the KDF.
 *
 * @example
 * ```ts
 * const identity = new ScryptIdentity('correct horse battery staple', { scrypt, minLogN: 15 });
 * const d = new Decrypter();
 * d.addIdentity(identity);
 * const plaintext = await d.decrypt(file); // identity.wrongPassphrase tells a wrong passphrase apart
 * ```
 */
export class ScryptIdentity implements Identity {
  readonly #passphrase: string;
  readonly #scrypt: ScryptFunction;
  readonly #minLogN: number;
  readonly #maxLogN: number;
  #wrongPassphrase = false;

  constructor(passphrase: string, options: ScryptIdentityOptions) {
    this.#passphrase = passphrase;
    this.#scrypt = options.scrypt;
    this.#minLogN = options.minLogN ?? SCRYPT_LOG_N_MIN;
    this.#maxLogN = options.maxLogN ?? SCRYPT_LOG_N_MAX;
    checkLogN(this.#minLogN, 'minLogN');
    checkLogN(this.#maxLogN, 'maxLogN');
    if (this.#minLogN > this.#maxLogN) throw new RangeError('minLogN must not exceed maxLogN');
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
    const key = await deriveKey(this.#scrypt, this.#passphrase, salt, logN);
    try {
      return chacha20poly1305(key, ZERO_NONCE).decrypt(stanza.body);
    } catch {
      this.#wrongPassphrase = true;
      return null;
    } finally {
      key.fill(0);
    }
  }
}

function checkLogN(logN: number, what: string): void {
  if (!Number.isInteger(logN) || logN < SCRYPT_LOG_N_MIN || logN > SCRYPT_LOG_N_MAX) {
    throw new RangeError(`scrypt ${what} must be an integer in [${SCRYPT_LOG_N_MIN}, ${SCRYPT_LOG_N_MAX}]`);
  }
}

/** Validates every field before any key derivation, so a hostile file cannot make us allocate. */
function parseStanza(stanza: Stanza, minLogN: number, maxLogN: number): { salt: Uint8Array; logN: number } {
  const [, saltText, logNText] = stanza.args;
  if (stanza.args.length !== 3 || saltText === undefined || logNText === undefined) throw headerInvalid('malformed scrypt stanza');
  if (!LOG_N_SYNTAX.test(logNText)) throw headerInvalid('malformed scrypt work factor');
  const logN = Number(logNText);
  if (logN < minLogN || logN > maxLogN) throw outOfRange(logNText, minLogN, maxLogN);
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

async function deriveKey(scrypt: ScryptFunction, passphrase: string, salt: Uint8Array, logN: number): Promise<Uint8Array> {
  const password = utf8(passphrase);
  const label = utf8(LABEL);
  const labelAndSalt = new Uint8Array(label.length + salt.length);
  labelAndSalt.set(label);
  labelAndSalt.set(salt, label.length);
  let key: Uint8Array;
  try {
    key = await scrypt(password, labelAndSalt, logN);
  } finally {
    password.fill(0);
  }
  if (!(key instanceof Uint8Array) || key.length !== 32) throw new TypeError('The scrypt function must return 32 bytes.');
  return key;
}

function outOfRange(logNText: string, minLogN: number, maxLogN: number): CoreError {
  const shown = logNText.length > 6 ? `${logNText.slice(0, 6)}…` : logNText;
  return new CoreError('ERR_KDF_PARAMS_OUT_OF_RANGE', `The scrypt work factor 2^${shown} is outside the accepted 2^${minLogN}..2^${maxLogN}.`);
}

function headerInvalid(message: string, cause?: unknown): CoreError {
  return new CoreError('ERR_AGE_HEADER_INVALID', message, cause === undefined ? undefined : { cause });
}
