/**
 * The TOTP enrolment token: registration is stateless between "show the QR code" and "type the
 * first code", so the new seed travels to the browser and back sealed under the server's seal
 * key, bound to the tenant and user and valid for ten minutes (NIST 800-63B §4.1: binding
 * secrets ≤ 10 min). The token also carries the future method's id, so confirming one token
 * twice cannot register the same seed twice.
 *
 * @module
 */
import { openSecret, sealSecret } from '../crypto/seal.js';
import { ServerError } from '../errors.js';

/** How long a started TOTP enrolment may wait for its first code. */
export const ENROLLMENT_LIFETIME_MS = 10 * 60_000;

/** What an enrolment token holds. */
export interface EnrollmentClaims {
  readonly methodId: string;
  readonly seed: Uint8Array;
  readonly expiresAt: number;
  /** The label chosen when the enrolment began, if any. */
  readonly label?: string | undefined;
}

function aadFor(tenantId: string, userId: string): string {
  return `totp-enrollment:${tenantId}:${userId}`;
}

/**
 * Seals `claims` for `tenantId`/`userId`.
 *
 * @example
 * ```ts
 * const token = sealEnrollment(ctx.sealKey, tenantId, userId, { methodId, seed, expiresAt });
 * ```
 */
export function sealEnrollment(key: Uint8Array, tenantId: string, userId: string, claims: EnrollmentClaims): string {
  const json = JSON.stringify({ m: claims.methodId, s: Buffer.from(claims.seed).toString('base64url'), e: claims.expiresAt, l: claims.label });
  return sealSecret(key, Buffer.from(json, 'utf8'), aadFor(tenantId, userId));
}

function parseClaims(plain: Uint8Array): EnrollmentClaims | undefined {
  try {
    const value = JSON.parse(Buffer.from(plain).toString('utf8')) as { m?: unknown; s?: unknown; e?: unknown; l?: unknown };
    if (typeof value.m !== 'string' || typeof value.s !== 'string' || typeof value.e !== 'number') return undefined;
    const label = typeof value.l === 'string' ? value.l : undefined;
    return { methodId: value.m, seed: new Uint8Array(Buffer.from(value.s, 'base64url')), expiresAt: value.e, label };
  } catch {
    return undefined;
  }
}

/**
 * Opens an enrolment token of `tenantId`/`userId` at time `now`.
 *
 * @example
 * ```ts
 * const { methodId, seed } = openEnrollment(ctx.sealKey, tenantId, userId, token, ctx.now());
 * ```
 * @throws {ServerError} `ERR_ENROLLMENT_INVALID` when the token is malformed, altered, sealed for
 *   another user or key, or expired.
 */
export function openEnrollment(key: Uint8Array, tenantId: string, userId: string, token: string, now: number): EnrollmentClaims {
  let claims: EnrollmentClaims | undefined;
  try {
    claims = parseClaims(openSecret(key, token, aadFor(tenantId, userId)));
  } catch {
    claims = undefined;
  }
  if (claims === undefined) throw new ServerError('ERR_ENROLLMENT_INVALID', 'this registration is not valid; start again');
  if (now >= claims.expiresAt) throw new ServerError('ERR_ENROLLMENT_INVALID', 'this registration has expired; start again');
  return claims;
}
