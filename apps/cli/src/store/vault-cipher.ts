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
  return readAll(await encrypter.encrypt(streamOf(plaintext)));
}

// age reads a whole byte array through `new Response(stream)`, and the first use of `Response`
// makes Node load its fetch implementation (undici): 20–30 ms of start-up for every command that
// opens the vault, most of which never go near the network. Handing age streams and collecting
// them here avoids it. (With app lock on, the passphrase-wrapped device key still goes through
// age's own collection; the backup engine talks to the network and needs fetch anyway.)

function streamOf(bytes: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
}

/**
 * The stream's bytes in one array. The chunks may be plaintext: they are zeroed once copied, and
 * also when a later chunk fails (a damaged file), rather than left for the garbage collector.
 */
async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  try {
    let length = 0;
    for await (const chunk of stream) {
      chunks.push(chunk);
      length += chunk.length;
    }
    const all = new Uint8Array(length);
    let at = 0;
    for (const chunk of chunks) {
      all.set(chunk, at);
      at += chunk.length;
    }
    return all;
  } finally {
    for (const chunk of chunks) chunk.fill(0);
  }
}

/** Decrypts bytes sealed with {@link sealToDevice}; any failure is `ERR_VAULT_DECRYPT_FAILED`. */
export async function openFromDevice(file: Uint8Array, identity: string, what = 'The vault file'): Promise<Uint8Array> {
  const decrypter = new Decrypter();
  decrypter.addIdentity(identity);
  try {
    // A damaged chunk fails while the stream is read, so reading is inside the try.
    return await readAll(await decrypter.decrypt(streamOf(file)));
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
