import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openSecret, sealSecret } from './seal.js';

const key = new Uint8Array(randomBytes(32));
const seed = new Uint8Array(randomBytes(20));

describe('sealSecret / openSecret (AES-256-GCM, row-bound)', () => {
  it('round-trips and writes a versioned string without the plaintext', () => {
    const sealed = sealSecret(key, seed, 'totp:t1:m1');
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain(Buffer.from(seed).toString('base64url'));
    expect(openSecret(key, sealed, 'totp:t1:m1')).toEqual(seed);
  });

  it('fails with another key, another row binding, or any altered character', () => {
    const sealed = sealSecret(key, seed, 'totp:t1:m1');
    expect(() => openSecret(new Uint8Array(randomBytes(32)), sealed, 'totp:t1:m1')).toThrow(/does not open/);
    expect(() => openSecret(key, sealed, 'totp:t1:m2')).toThrow(/does not open/);
    expect(() => openSecret(key, sealed, 'totp:t2:m1')).toThrow(/does not open/);
    for (let i = 3; i < sealed.length; i++) {
      if (sealed[i] === '.') continue;
      const altered = sealed.slice(0, i) + (sealed[i] === 'A' ? 'B' : 'A') + sealed.slice(i + 1);
      expect(() => openSecret(key, altered, 'totp:t1:m1')).toThrow();
    }
  });

  it('refuses unknown formats and versions', () => {
    const sealed = sealSecret(key, seed, 'a');
    expect(() => openSecret(key, sealed.replace(/^v1/, 'v2'), 'a')).toThrow(/unknown format/);
    expect(() => openSecret(key, 'v1.abc', 'a')).toThrow(/unknown format/);
    expect(() => openSecret(key, '', 'a')).toThrow(/unknown format/);
  });

  it('draws a fresh nonce every time (10,000 seals, no repeat)', () => {
    const nonces = new Set<string>();
    for (let i = 0; i < 10_000; i++) nonces.add(sealSecret(key, seed, 'a').split('.')[1] ?? '');
    expect(nonces.size).toBe(10_000);
  });

  it('rejects keys that are not 32 bytes as a caller mistake', () => {
    expect(() => sealSecret(new Uint8Array(16), seed, 'a')).toThrow(TypeError);
    expect(() => openSecret(new Uint8Array(31), 'v1.x.y', 'a')).toThrow(TypeError);
  });

  it('property: any string opened as a sealed value fails with an Error, never anything else', () => {
    fc.assert(fc.property(fc.string(), (text) => {
      expect(() => openSecret(key, text, 'a')).toThrow(Error);
    }));
  });
});
