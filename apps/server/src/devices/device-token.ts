/**
 * How an authenticator proves it is itself on the device endpoints: a short-lived JWT signed
 * with its registered P-256 key (ES256), sent as `Authorization: Bearer`. No shared secret ever
 * exists — the server holds only the public key (security.md S18) — and a stolen token is worth
 * little: it lives at most {@link DEVICE_TOKEN_MAX_LIFETIME_S} seconds, is addressed to this
 * server (`aud` = the public URL), names the device (`sub`) and is good once (`jti` remembered
 * until it expires).
 *
 * Header `{ alg: 'ES256', typ: 'tessera-device+jwt' }`; claims `{ aud, sub, jti, iat, exp }`.
 * The explicit `typ` keeps a device token from being mistaken for an approval proof, which the
 * same key signs (RFC 8725 §3.11).
 *
 * @module
 */
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { decodeJwt, errors as joseErrors, importJWK, jwtVerify, type JWTPayload } from 'jose';
import type { ServerContext } from '../context.js';
import type { Database } from '../db/schema.js';
import { ServerError } from '../errors.js';
import { findDevice, type ActiveDevice } from './devices.js';

/** The `typ` header of a device token. */
export const DEVICE_TOKEN_TYPE = 'tessera-device+jwt';
/** Longest allowed lifetime (`exp − iat`) of a device token, in seconds. */
export const DEVICE_TOKEN_MAX_LIFETIME_S = 300;
/** Clock difference tolerated between device and server, in seconds. */
export const DEVICE_CLOCK_TOLERANCE_S = 30;

/** An authenticated device request. */
export interface AuthenticatedDevice {
  readonly device: ActiveDevice;
  /** When the presented token expires (ms): long-lived answers (event streams) end then. */
  readonly tokenExpiresAt: number;
}

/**
 * Whether `compact` is a JWS whose ES256 signature is written canonically: 64 bytes are 86
 * base64url characters and the last one carries 4 spare bits that must be zero. Decoders ignore
 * those bits, so without this check one signature could be spelled 16 ways.
 */
export function hasCanonicalEs256Signature(compact: string): boolean {
  const parts = compact.split('.');
  return parts.length === 3 && /^[A-Za-z0-9_-]{85}[AQgw]$/.test(parts[2] ?? '');
}

function invalid(): ServerError {
  return new ServerError('ERR_DEVICE_TOKEN_INVALID', 'the device token is missing, invalid, expired or already used');
}

function bearer(request: FastifyRequest): string {
  const header = request.headers.authorization;
  if (typeof header !== 'string' || !/^Bearer [A-Za-z0-9_.-]{1,4096}$/.test(header) || !hasCanonicalEs256Signature(header.slice(7))) throw invalid();
  return header.slice(7);
}

function claimedDevice(token: string): string {
  let sub: unknown;
  try {
    sub = decodeJwt(token).sub;
  } catch {
    throw invalid();
  }
  if (typeof sub !== 'string' || sub.length < 1 || sub.length > 64) throw invalid();
  return sub;
}

async function verifiedClaims(ctx: ServerContext, token: string, device: ActiveDevice): Promise<JWTPayload & { jti: string; exp: number; iat: number }> {
  try {
    const key = await importJWK({ ...device.jwk }, 'ES256');
    const { payload } = await jwtVerify(token, key, {
      algorithms: ['ES256'], typ: DEVICE_TOKEN_TYPE, audience: ctx.config.publicUrl, subject: device.id,
      requiredClaims: ['exp', 'iat', 'jti'], maxTokenAge: DEVICE_TOKEN_MAX_LIFETIME_S, clockTolerance: DEVICE_CLOCK_TOLERANCE_S,
      currentDate: new Date(ctx.now()),
    });
    const { jti, exp, iat } = payload;
    if (typeof jti !== 'string' || jti.length < 16 || jti.length > 128 || exp === undefined || iat === undefined) throw invalid();
    if (exp - iat > DEVICE_TOKEN_MAX_LIFETIME_S) throw invalid();
    return { ...payload, jti, exp, iat };
  } catch (error) {
    if (error instanceof ServerError) throw error;
    if (error instanceof joseErrors.JOSEError) throw invalid();
    throw error;
  }
}

// Single use: the first request with a jti records it; any later one finds it taken.
async function spendJti(db: Kysely<Database>, deviceId: string, jti: string, expiresAt: number): Promise<void> {
  const recorded = await db.insertInto('device_token_uses').values({ device_id: deviceId, jti, expires_at: expiresAt + DEVICE_CLOCK_TOLERANCE_S * 1000 })
    .onConflict((oc) => oc.columns(['device_id', 'jti']).doNothing()).returning('jti').executeTakeFirst();
  if (recorded === undefined) throw invalid();
}

/** A device token checked in every way but its single use, which the caller records (see {@link authenticateDeviceDeferred}). */
export interface DeferredDeviceAuth extends AuthenticatedDevice {
  /**
   * Records the token's `jti` as used, on `db` (a transaction, so it commits with the change the
   * request makes); throws `ERR_DEVICE_TOKEN_INVALID` when it was used already.
   */
  readonly spendToken: (db: Kysely<Database>) => Promise<void>;
}

/**
 * Like {@link authenticateDevice}, but leaves recording the token's single use to the caller,
 * which MUST call `spendToken` on every path — inside the transaction of the change the request
 * makes (one commit instead of two on the push approval path), or on its own before answering
 * with any error. A replayed token then fails there, and the caller answers
 * `ERR_DEVICE_TOKEN_INVALID`.
 *
 * @example
 * ```ts
 * const auth = await authenticateDeviceDeferred(ctx, request);
 * await ctx.db.transaction().execute(async (trx) => { await auth.spendToken(trx); … });
 * ```
 */
export async function authenticateDeviceDeferred(ctx: ServerContext, request: FastifyRequest): Promise<DeferredDeviceAuth> {
  const token = bearer(request);
  const found = await findDevice(ctx, claimedDevice(token));
  if (found === undefined) throw invalid();
  const claims = await verifiedClaims(ctx, token, found);
  // Only the key's holder gets this far, so telling it the device was revoked leaks nothing.
  if (found.revoked) throw new ServerError('ERR_DEVICE_REVOKED', 'this device was removed from the account; register it again');
  const now = ctx.now();
  // At most once a minute per device: note that it was seen, and forget the jtis that expired
  // (a replay of those fails on `exp` anyway). Kept off every request, which is latency-bound.
  if (found.lastSeenAt === null || now - found.lastSeenAt > 60_000) {
    await ctx.db.updateTable('devices').set({ last_seen_at: now }).where('id', '=', found.id).where('tenant_id', '=', found.tenantId).execute();
    await ctx.db.deleteFrom('device_token_uses').where('device_id', '=', found.id).where('expires_at', '<', now).execute();
  }
  const device: ActiveDevice = {
    id: found.id, name: found.name, thumbprint: found.thumbprint, createdAt: found.createdAt, lastSeenAt: now,
    registeredWithTap: found.registeredWithTap, tenantId: found.tenantId, userId: found.userId, jwk: found.jwk,
  };
  return { device, tokenExpiresAt: claims.exp * 1000, spendToken: (db) => spendJti(db, found.id, claims.jti, claims.exp * 1000) };
}

/**
 * Authenticates the device token on `request`; throws `ERR_DEVICE_TOKEN_INVALID` (missing,
 * malformed, bad signature, wrong audience, too long-lived, expired, replayed, unknown device)
 * or `ERR_DEVICE_REVOKED` (a valid signature from a device that was revoked).
 *
 * @example
 * ```ts
 * const { device } = await authenticateDevice(ctx, request);
 * ```
 */
export async function authenticateDevice(ctx: ServerContext, request: FastifyRequest): Promise<AuthenticatedDevice> {
  const { spendToken, ...auth } = await authenticateDeviceDeferred(ctx, request);
  await spendToken(ctx.db);
  return auth;
}
