/**
 * The work-account key: an ECDSA P-256 key pair made with WebCrypto, and compact JWS (ES256)
 * signed with it — the device tokens and approval proofs of push approval v1
 * (docs/formats/push-approval-v1.md). WebCrypto's ECDSA signature is already the JWS form (r ‖ s,
 * 64 bytes), so no re-encoding is needed and the signature is always canonical.
 *
 * The private key is generated extractable only so that it can be sealed into the device-bound
 * store (`key-store.ts`): Node has no persistent home for a non-extractable key. Every key loaded
 * for signing is imported back as non-extractable.
 *
 * @module
 */
import { webcrypto } from 'node:crypto';

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;

/** The public key as the server takes it: exactly the RFC 7638 members of a P-256 key. */
export interface PublicJwk {
  readonly kty: 'EC';
  readonly crv: 'P-256';
  readonly x: string;
  readonly y: string;
}

/** A private key as sealed into the device-bound store (a JWK with `d`). */
export type PrivateJwk = webcrypto.JsonWebKey;

/** A key ready to sign with (non-extractable). */
export type SigningKey = webcrypto.CryptoKey;

/** Base64url without padding. */
export function base64url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}

/**
 * A new P-256 key pair: the private JWK (for the device-bound store only) and the public JWK.
 *
 * @example
 * ```ts
 * const { privateJwk, publicJwk } = await generateWorkKey();
 * ```
 */
export async function generateWorkKey(): Promise<{ privateJwk: PrivateJwk; publicJwk: PublicJwk }> {
  const pair = await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
  const privateJwk = await webcrypto.subtle.exportKey('jwk', pair.privateKey);
  const { x, y } = await webcrypto.subtle.exportKey('jwk', pair.publicKey);
  if (typeof x !== 'string' || typeof y !== 'string') throw new Error('WebCrypto exported a P-256 public key without coordinates.');
  return { privateJwk, publicJwk: { kty: 'EC', crv: 'P-256', x, y } };
}

/** Imports a private JWK as a non-extractable signing key. */
export async function importSigningKey(privateJwk: PrivateJwk): Promise<SigningKey> {
  return webcrypto.subtle.importKey('jwk', privateJwk, ALGORITHM, false, ['sign']);
}

/**
 * A compact JWS of `payload` (JSON) with `header` (ES256 is set here), signed with `key`.
 *
 * @example
 * ```ts
 * const proof = await signJws(key, { typ: 'tessera-approval+jws' }, { approvalId, decision, number, nonce, iat });
 * ```
 */
export async function signJws(key: SigningKey, header: Readonly<Record<string, string>>, payload: unknown): Promise<string> {
  const encode = (value: unknown): string => base64url(new TextEncoder().encode(JSON.stringify(value)));
  const input = `${encode({ alg: 'ES256', ...header })}.${encode(payload)}`;
  const signature = await webcrypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key, new TextEncoder().encode(input));
  return `${input}.${base64url(new Uint8Array(signature))}`;
}
