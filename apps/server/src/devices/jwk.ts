/**
 * The public key an authenticator registers: an EC P-256 key as a JWK, and nothing else. The
 * check is strict because this key is what every approval is verified with — only the members
 * of a WebCrypto public-key export are accepted (`kty`, `crv`, `x`, `y`, and optionally `alg`,
 * `ext`, `key_ops`, `use`), coordinates must be exactly 32 bytes of canonical base64url, the
 * point must lie on the curve, and a private key (`d`) is refused outright so a careless client
 * can never hand the server a secret (security.md S18). The stored form is the RFC 7638
 * canonical member set, and the thumbprint identifies the key in lists and audit lines.
 *
 * @module
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint } from 'jose';
import { ServerError } from '../errors.js';

/** The canonical public JWK of a device key. */
export interface DeviceJwk {
  readonly kty: 'EC';
  readonly crv: 'P-256';
  readonly x: string;
  readonly y: string;
}

/** A checked device key. */
export interface DevicePublicKey {
  readonly jwk: DeviceJwk;
  /** RFC 7638 SHA-256 thumbprint, base64url. */
  readonly thumbprint: string;
  readonly key: KeyObject;
}

/** Members a public-key JWK from WebCrypto may carry; anything else is refused. */
const ALLOWED_MEMBERS = new Set(['kty', 'crv', 'x', 'y', 'alg', 'ext', 'key_ops', 'use']);

/** JSON schema for the `publicKey` member of a registration body (the shape; {@link parseDevicePublicKey} checks the rest). */
export const devicePublicKeySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['kty', 'crv', 'x', 'y'],
  properties: {
    kty: { type: 'string', const: 'EC' },
    crv: { type: 'string', const: 'P-256' },
    x: { type: 'string', minLength: 43, maxLength: 43 },
    y: { type: 'string', minLength: 43, maxLength: 43 },
    alg: { type: 'string', const: 'ES256' },
    ext: { type: 'boolean' },
    key_ops: { type: 'array', maxItems: 1, items: { type: 'string', const: 'verify' } },
    use: { type: 'string', const: 'sig' },
  },
} as const;

function invalid(why: string): ServerError {
  return new ServerError('ERR_DEVICE_KEY_INVALID', `the device public key is not a valid P-256 public key: ${why}`);
}

// 32 bytes are 43 base64url characters; the last one carries 2 spare bits that must be zero,
// or two spellings would name the same key.
function coordinate(value: unknown, name: string): string {
  if (typeof value !== 'string' || !/^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/.test(value)) throw invalid(`${name} must be 32 bytes of base64url`);
  return value;
}

function optionalMembers(input: Record<string, unknown>): void {
  if ('alg' in input && input['alg'] !== 'ES256') throw invalid('alg must be ES256');
  if ('use' in input && input['use'] !== 'sig') throw invalid('use must be sig');
  if ('ext' in input && typeof input['ext'] !== 'boolean') throw invalid('ext must be a boolean');
  if ('key_ops' in input) {
    const ops = input['key_ops'];
    if (!Array.isArray(ops) || ops.length > 1 || ops.some((op) => op !== 'verify')) throw invalid('key_ops may only allow verify');
  }
}

/**
 * Checks an untrusted JWK and returns the canonical key, its thumbprint and a key object, or
 * throws `ERR_DEVICE_KEY_INVALID`.
 *
 * @example
 * ```ts
 * const { jwk, thumbprint } = await parseDevicePublicKey(body.publicKey);
 * ```
 */
export async function parseDevicePublicKey(input: unknown): Promise<DevicePublicKey> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw invalid('expected a JWK object');
  const record = input as Record<string, unknown>;
  if ('d' in record) throw invalid('it contains a private key; send only the public key');
  for (const member of Object.keys(record)) if (!ALLOWED_MEMBERS.has(member)) throw invalid(`unexpected member "${member}"`);
  if (record['kty'] !== 'EC' || record['crv'] !== 'P-256') throw invalid('only EC keys on P-256 are accepted');
  optionalMembers(record);
  const jwk: DeviceJwk = { kty: 'EC', crv: 'P-256', x: coordinate(record['x'], 'x'), y: coordinate(record['y'], 'y') };
  let key: KeyObject;
  try {
    // OpenSSL refuses points that are not on the curve (and the point at infinity).
    key = createPublicKey({ key: { ...jwk }, format: 'jwk' });
  } catch {
    throw invalid('the point is not on the curve');
  }
  const thumbprint = await calculateJwkThumbprint({ ...jwk }, 'sha256');
  return { jwk, thumbprint, key };
}
