/**
 * age on byte arrays, through streams we collect ourselves. age-encryption collects a whole
 * file through `new Response(stream)`, and the first use of `Response` makes Node load its fetch
 * implementation (undici): about 20 ms of start-up (`node -e` with and without a `Response`, 10
 * alternating runs: median 80 vs 60 ms) for every command that opens the vault (or, with app
 * lock on, the passphrase-wrapped device key), most of which never go near the network.
 *
 * @module
 */
import type { Decrypter, Encrypter } from 'age-encryption';

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

/** `encrypter.encrypt(plaintext)`, the whole age file as bytes. */
export async function encryptBytes(encrypter: Encrypter, plaintext: Uint8Array): Promise<Uint8Array> {
  return readAll(await encrypter.encrypt(streamOf(plaintext)));
}

/**
 * `decrypter.decrypt(file)`, the whole plaintext as bytes. A damaged chunk fails while the
 * stream is read, so this promise rejects for it like for a bad header.
 */
export async function decryptBytes(decrypter: Decrypter, file: Uint8Array): Promise<Uint8Array> {
  return readAll(await decrypter.decrypt(streamOf(file)));
}
