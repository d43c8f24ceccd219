// The secretstream reader against libsodium (python3-nacl): every message length around the
// 16-byte Poly1305 blocks and the 64-byte ChaCha20 blocks, every tag, random keys.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openSecretstreamMessage } from './secretstream.js';
import { inCi, pythonHas, runPython } from './test-support/python.js';

const available = pythonHas('nacl.bindings');
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const bytes = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'hex'));

interface Vector {
  readonly header: string;
  readonly message: string;
  readonly plaintext: string;
  readonly tag: number;
}

describe.runIf(!available && inCi)('secretstream against libsodium', () => {
  it('needs python3-nacl', () => {
    throw new Error('/usr/bin/python3 cannot import nacl, but CI is set: apt-get install python3-nacl.');
  });
});

describe.runIf(available)('secretstream against libsodium (python3-nacl)', () => {
  const key = Uint8Array.from(randomBytes(32));
  const lengths = [0, 1, 15, 16, 17, 31, 32, 33, 47, 48, 63, 64, 65, 127, 128, 129, 1000, 4096];
  const messages = lengths.flatMap((n, i) => ({ hex: hex(randomBytes(n)), tag: [0, 1, 2, 3][i % 4] }));
  const vectors = JSON.parse(runPython(import.meta.url, './test-support/secretstream_vectors.py', { key: hex(key), messages }).toString()) as Vector[];

  it('opens every message libsodium pushed, with its tag', () => {
    for (const v of vectors) {
      const opened = openSecretstreamMessage(key, bytes(v.header), bytes(v.message));
      expect(opened && { plaintext: hex(opened.plaintext), tag: opened.tag }).toEqual({ plaintext: v.plaintext, tag: v.tag });
    }
  });

  it('refuses every single-bit change to the header, the tag byte, the ciphertext and the MAC', () => {
    const v = vectors.find((x) => x.plaintext.length === 66)!;
    const header = bytes(v.header);
    const message = bytes(v.message);
    for (let bit = 0; bit < message.length * 8; bit++) {
      const changed = Uint8Array.from(message);
      changed[bit >> 3]! ^= 1 << (bit & 7);
      expect(openSecretstreamMessage(key, header, changed)).toBeUndefined();
    }
    for (let bit = 0; bit < header.length * 8; bit++) {
      const changed = Uint8Array.from(header);
      changed[bit >> 3]! ^= 1 << (bit & 7);
      expect(openSecretstreamMessage(key, changed, message)).toBeUndefined();
    }
    const otherKey = Uint8Array.from(key);
    otherKey[0]! ^= 1;
    expect(openSecretstreamMessage(otherKey, header, message)).toBeUndefined();
  });
});

describe('secretstream: caller mistakes', () => {
  it('throws RangeError for wrong key, header or message sizes', () => {
    expect(() => openSecretstreamMessage(new Uint8Array(31), new Uint8Array(24), new Uint8Array(17))).toThrow(RangeError);
    expect(() => openSecretstreamMessage(new Uint8Array(32), new Uint8Array(23), new Uint8Array(17))).toThrow(RangeError);
    expect(() => openSecretstreamMessage(new Uint8Array(32), new Uint8Array(24), new Uint8Array(16))).toThrow(RangeError);
  });
});
