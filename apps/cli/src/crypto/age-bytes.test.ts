import type { Decrypter } from 'age-encryption';
import { describe, expect, it } from 'vitest';
import { decryptBytes } from './age-bytes.js';

/** A decrypter whose plaintext stream yields `chunks`, then fails when `failAfter` is set. */
function decrypterOf(chunks: readonly Uint8Array[], failAfter = false): Decrypter {
  let next = 0;
  // One chunk per read, as age decrypts them: an error raised up front would discard the queue.
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[next++];
      if (chunk !== undefined) controller.enqueue(chunk);
      else if (failAfter) controller.error(new Error('damaged chunk'));
      else controller.close();
    },
  });
  return { decrypt: () => Promise.resolve(stream) } as unknown as Decrypter;
}

describe('decryptBytes', () => {
  it('joins the plaintext chunks and zeroes each once copied', async () => {
    const chunks = [new Uint8Array([1, 2, 3]), new Uint8Array([4, 5])];
    expect(await decryptBytes(decrypterOf(chunks), new Uint8Array())).toEqual(new Uint8Array([1, 2, 3, 4, 5]));
    expect(chunks.map((chunk) => [...chunk])).toEqual([[0, 0, 0], [0, 0]]);
  });

  it('zeroes the chunks read so far when a later one fails', async () => {
    const chunks = [new Uint8Array([7, 8, 9])];
    await expect(decryptBytes(decrypterOf(chunks, true), new Uint8Array())).rejects.toThrow('damaged chunk');
    expect([...chunks[0]!]).toEqual([0, 0, 0]);
  });
});
