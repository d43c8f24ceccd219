/**
 * The vault at rest: the core's encoding of a {@link Vault}, encrypted as a standard age file
 * to the device key's X25519 recipient. Any age failure (wrong key, modified or truncated
 * file) is `ERR_VAULT_DECRYPT_FAILED`; errors decoding the decrypted bytes are the core's
 * (`ERR_VAULT_CORRUPT`, `ERR_VAULT_VERSION_UNSUPPORTED`) and pass through. Plaintext buffers
 * are zeroed after use (as far as JavaScript allows).
 *
 * @module
 */
import { Decrypter, Encrypter, identityToRecipient } from 'age-encryption';
import { decodeVault, encodeVault, type Vault } from '@tessera/core';
import { decryptBytes, encryptBytes } from '../crypto/age-bytes.js';
import { CliError } from '../errors.js';

/**
 * Encrypts `vault` to the recipient of `identity` (an `AGE-SECRET-KEY-1…` string).
 *
 * @example
 * ```ts
 * const file = await encryptVault(vault, identity);
 * ```
 */
export async function encryptVault(vault: Vault, identity: string): Promise<Uint8Array> {
  const plaintext = encodeVault(vault);
  try {
    return await sealToDevice(plaintext, identity);
  } finally {
    plaintext.fill(0);
  }
}

/** Encrypts any bytes to the device key (files beside the vault, such as the backup settings). */
export async function sealToDevice(plaintext: Uint8Array, identity: string): Promise<Uint8Array> {
  const encrypter = new Encrypter();
  encrypter.addRecipient(await identityToRecipient(identity));
  return encryptBytes(encrypter, plaintext);
}

/** Decrypts bytes sealed with {@link sealToDevice}; any failure is `ERR_VAULT_DECRYPT_FAILED`. */
export async function openFromDevice(file: Uint8Array, identity: string, what = 'The vault file'): Promise<Uint8Array> {
  const decrypter = new Decrypter();
  decrypter.addIdentity(identity);
  try {
    return await decryptBytes(decrypter, file);
  } catch (cause) {
    throw new CliError('ERR_VAULT_DECRYPT_FAILED', `${what} cannot be decrypted with this device key: it is damaged, or it belongs to another device.`, { cause });
  }
}

/**
 * Decrypts and decodes a vault file with `identity`.
 *
 * @example
 * ```ts
 * const vault = await decryptVault(await readFile('vault.age'), identity);
 * ```
 */
export async function decryptVault(file: Uint8Array, identity: string): Promise<Vault> {
  const plaintext = await openFromDevice(file, identity);
  try {
    return decodeVault(plaintext);
  } finally {
    plaintext.fill(0);
  }
}
