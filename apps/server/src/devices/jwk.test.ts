import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { calculateJwkThumbprint } from 'jose';
import { describe, expect, it } from 'vitest';
import { isServerError } from '../errors.js';
import { parseDevicePublicKey } from './jwk.js';

function p256(): { kty?: string; crv?: string; x?: string; y?: string } {
  return generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' });
}

async function code(input: unknown): Promise<string> {
  try {
    await parseDevicePublicKey(input);
    return 'accepted';
  } catch (error) {
    if (isServerError(error)) return error.code;
    throw error;
  }
}

describe('device public keys (EC P-256 JWK, RFC 7518 §6.2, RFC 7638)', () => {
  it('accepts a WebCrypto public-key export and stores the canonical members with the RFC 7638 thumbprint', async () => {
    const jwk = { ...p256(), ext: true, key_ops: ['verify'], alg: 'ES256' };
    const parsed = await parseDevicePublicKey(jwk);
    expect(Object.keys(parsed.jwk).sort()).toEqual(['crv', 'kty', 'x', 'y']);
    expect(parsed.thumbprint).toBe(await calculateJwkThumbprint({ kty: 'EC', crv: 'P-256', x: String(jwk.x), y: String(jwk.y) }, 'sha256'));
  });

  it('refuses a private key, other curves and key types, extra members, bad coordinates and points off the curve', async () => {
    const good = p256();
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey.export({ format: 'jwk' });
    const ed = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' });
    const x = String(good.x);
    const bad: unknown[] = [
      privateKey.export({ format: 'jwk' }), p384, ed, { ...good, crv: 'P-384' }, { ...good, kty: 'RSA' }, { ...good, kid: 'k' },
      { ...good, alg: 'ES384' }, { ...good, key_ops: ['sign'] }, { ...good, use: 'enc' }, { ...good, y: x }, { ...good, x: 'A'.repeat(43), y: 'A'.repeat(43) },
      { ...good, x: `${x.slice(0, 42)}B` }, { ...good, x: `${x}A` }, { ...good, x: `${x.slice(0, 42)}=` }, { kty: 'EC', crv: 'P-256', x }, null, [], 'jwk', 42,
    ];
    for (const input of bad) expect(await code(input)).toBe('ERR_DEVICE_KEY_INVALID');
  });

  it('never accepts arbitrary untrusted input, and never throws anything but ERR_DEVICE_KEY_INVALID', async () => {
    const coord = fc.string({ minLength: 0, maxLength: 50 });
    const arbitrary = fc.oneof(
      fc.anything(),
      fc.record({ kty: fc.constantFrom('EC', 'OKP', 'RSA'), crv: fc.constantFrom('P-256', 'P-384', 'Ed25519'), x: coord, y: coord }),
      fc.record({ kty: fc.constant('EC'), crv: fc.constant('P-256'), x: fc.base64String({ minLength: 43, maxLength: 44 }), y: fc.base64String({ minLength: 43, maxLength: 44 }) }),
    );
    await fc.assert(fc.asyncProperty(arbitrary, async (input) => {
      // A random 43-character pair is on the curve with negligible probability.
      expect(await code(input)).toBe('ERR_DEVICE_KEY_INVALID');
    }), { numRuns: process.env['SLOW'] === undefined ? 200 : 5000 });
  });
});
