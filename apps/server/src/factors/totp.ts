/**
 * TOTP as a second factor (RFC 6238: SHA-1, 6 digits, 30 s — what every authenticator app
 * reads). Seeds are 160 random bits (RFC 4226 §4; NIST asks ≥ 112), sealed at rest with the
 * server's seal key and bound to their row. Verification uses server time only, accepts the
 * current step ±1, and accepts each code once: the step of an accepted code is stored with a
 * compare-and-swap, `UPDATE … SET last_used_step = :step WHERE … AND last_used_step < :step`, so
 * of many concurrent submissions of one code exactly one wins, and a code from an older step is
 * refused after a newer one was accepted (security.md S14, 2b items 14–17).
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { counterAt, encodeBase32, formatOtpauthUri, generateHotp } from '@tessera/core';
import type { ServerContext } from '../context.js';
import { nodeHmac } from '../crypto/hmac.js';
import { openSecret, sealSecret } from '../crypto/seal.js';
import { newId, safeEqual } from '../crypto/tokens.js';
import { ServerError } from '../errors.js';
import { labelOr } from './mask.js';
import { announceMethodAdded, auditMethodAdded } from './method-added.js';
import { assertMethodAllowed } from './policy.js';
import { ENROLLMENT_LIFETIME_MS, openEnrollment, sealEnrollment } from './totp-enrollment.js';

const SEED_BYTES = 20;
const PERIOD = 30;
const DIGITS = 6;
const CODE_PATTERN = /^\d{6}$/;

/** The seal binding of a TOTP seed: its tenant and method row. */
export function totpSeedAad(tenantId: string, methodId: string): string {
  return `totp:${tenantId}:${methodId}`;
}

/** The highest step in t−1…t+1 whose code equals `code`, or −1. Compares every candidate in constant time. */
function matchingStep(seed: Uint8Array, code: string, now: number): number {
  const current = counterAt(now, PERIOD);
  let best = -1;
  for (const step of [current - 1, current, current + 1]) {
    if (step < 0) continue;
    if (safeEqual(generateHotp({ secret: seed, counter: step, digits: DIGITS }, nodeHmac), code)) best = step;
  }
  return best;
}

/** What {@link beginTotpEnrollment} hands the user's browser. */
export interface TotpEnrollment {
  /** Sealed seed and method id; sent back with the first code. Valid 10 minutes. */
  readonly enrollmentToken: string;
  /** The seed for manual entry (shown once). */
  readonly secretBase32: string;
  /** `otpauth://totp/…` for the QR code. */
  readonly otpauthUri: string;
}

/**
 * Starts registering a TOTP authenticator: a fresh seed, sealed into a short-lived token (with
 * the label, if given, as the method's default label). Nothing is stored until
 * {@link confirmTotpEnrollment} sees a valid first code.
 *
 * @example
 * ```ts
 * const { enrollmentToken, otpauthUri } = beginTotpEnrollment(ctx, { tenantId, userId, email });
 * ```
 */
export function beginTotpEnrollment(ctx: ServerContext, input: { tenantId: string; userId: string; email: string; label?: string }): TotpEnrollment {
  const seed = new Uint8Array(randomBytes(SEED_BYTES));
  const secretBase32 = encodeBase32(seed);
  const enrollmentToken = sealEnrollment(ctx.sealKey, input.tenantId, input.userId, { methodId: newId(), seed, expiresAt: ctx.now() + ENROLLMENT_LIFETIME_MS, label: input.label });
  const otpauthUri = formatOtpauthUri({
    issuer: new URL(ctx.config.publicUrl).hostname,
    // One colon in a label reads as "issuer:name" in every app, so none may reach it.
    label: input.email.replaceAll(':', '_'),
    otp: { type: 'totp', secret: secretBase32, algorithm: 'SHA1', digits: DIGITS, period: PERIOD },
  });
  return { enrollmentToken, secretBase32, otpauthUri };
}

/** Input of {@link confirmTotpEnrollment}. */
export interface ConfirmTotpInput {
  readonly tenantId: string;
  readonly userId: string;
  readonly enrollmentToken: string;
  readonly code: string;
  readonly label?: string | undefined;
  /** Registered from a TAP session: flagged for review. */
  readonly viaTap: boolean;
  readonly ip?: string | null | undefined;
}

/**
 * Finishes a TOTP registration when `code` is valid for the sealed seed; returns the method id.
 * The confirming code counts as used.
 *
 * @example
 * ```ts
 * const methodId = await confirmTotpEnrollment(ctx, { tenantId, userId, enrollmentToken, code: '123456', viaTap: false });
 * ```
 * @throws {ServerError} `ERR_ENROLLMENT_INVALID` (bad or expired token), `ERR_OTP_INVALID` (wrong
 *   code), `ERR_METHOD_EXISTS` (token already used), `ERR_FORBIDDEN` (TOTP disabled by policy).
 */
export async function confirmTotpEnrollment(ctx: ServerContext, input: ConfirmTotpInput): Promise<string> {
  await assertMethodAllowed(ctx, input.tenantId, 'totp');
  const now = ctx.now();
  const { methodId, seed, label: begunLabel } = openEnrollment(ctx.sealKey, input.tenantId, input.userId, input.enrollmentToken, now);
  const step = CODE_PATTERN.test(input.code) ? matchingStep(seed, input.code, now) : -1;
  if (step < 0) throw new ServerError('ERR_OTP_INVALID', 'the code is not valid; check the time on your device and try again');
  const label = labelOr(input.label, labelOr(begunLabel, 'Authenticator app'));
  const added = { tenantId: input.tenantId, userId: input.userId, methodId, kind: 'totp' as const, label, viaTap: input.viaTap, ip: input.ip };
  await ctx.db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('methods').select('id').where('id', '=', methodId).executeTakeFirst();
    if (existing !== undefined) throw new ServerError('ERR_METHOD_EXISTS', 'this authenticator is already registered');
    await trx.insertInto('methods').values({
      id: methodId, tenant_id: input.tenantId, user_id: input.userId, kind: 'totp', label,
      secret_sealed: sealSecret(ctx.sealKey, seed, totpSeedAad(input.tenantId, methodId)), target: null,
      last_used_step: step, registered_with_tap: input.viaTap ? 1 : 0, created_at: now, last_used_at: now, verified_at: now,
    }).execute();
    await auditMethodAdded(ctx, added, trx);
  });
  await announceMethodAdded(ctx, added);
  return methodId;
}

/**
 * Checks a TOTP code against the user's authenticators and consumes it. Never throws for bad
 * input: anything but a fresh, valid, unused code is `false`.
 *
 * @example
 * ```ts
 * if (!(await verifyTotp(ctx, { tenantId, userId, code }))) await recordFailure(ctx, email);
 * ```
 */
export async function verifyTotp(ctx: ServerContext, input: { tenantId: string; userId: string; code: string }): Promise<boolean> {
  if (typeof input.code !== 'string' || !CODE_PATTERN.test(input.code)) return false;
  const rows = await ctx.db.selectFrom('methods').select(['id', 'secret_sealed', 'last_used_step'])
    .where('tenant_id', '=', input.tenantId).where('user_id', '=', input.userId)
    .where('kind', '=', 'totp').where('verified_at', 'is not', null).execute();
  const now = ctx.now();
  for (const row of rows) {
    const step = freshTotpStep(ctx, input, row, input.code, now);
    if (step < 0) continue;
    const result = await ctx.db.updateTable('methods').set({ last_used_step: step, last_used_at: now })
      .where('id', '=', row.id).where('tenant_id', '=', input.tenantId).where('last_used_step', '<', step)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 1) return true;
  }
  return false;
}

/** A stored TOTP method, as far as checking a code needs it. */
export interface TotpMethodRow {
  readonly id: string;
  readonly secret_sealed: string | null;
  readonly last_used_step: number;
}

/**
 * The step (t−1…t+1) at which `code` is valid for `row` and newer than its last used step, or
 * −1. Writes nothing: the caller spends the step with the compare-and-swap
 * `… SET last_used_step = :step WHERE id = :id AND tenant_id = :tenant AND last_used_step < :step`,
 * which alone decides, under concurrency, whether the code was still unused. A replayed code is
 * logged as an alert.
 *
 * @example
 * ```ts
 * const step = freshTotpStep(ctx, { tenantId, userId }, row, '123456', ctx.now());
 * ```
 */
export function freshTotpStep(ctx: Pick<ServerContext, 'sealKey' | 'log'>, owner: { tenantId: string; userId: string }, row: TotpMethodRow, code: string, now: number): number {
  if (!CODE_PATTERN.test(code)) return -1;
  const seed = openSeed(ctx, owner.tenantId, row);
  if (seed === undefined) return -1;
  const step = matchingStep(seed, code, now);
  seed.fill(0);
  if (step < 0) return -1;
  if (step <= row.last_used_step) {
    ctx.log.warn({ alert: 'totp.replay', tenantId: owner.tenantId, userId: owner.userId, methodId: row.id }, 'a TOTP code was submitted again');
    return -1;
  }
  return step;
}

function openSeed(ctx: Pick<ServerContext, 'sealKey' | 'log'>, tenantId: string, row: { id: string; secret_sealed: string | null }): Uint8Array | undefined {
  if (row.secret_sealed === null) return undefined;
  try {
    return openSecret(ctx.sealKey, row.secret_sealed, totpSeedAad(tenantId, row.id));
  } catch {
    ctx.log.error({ tenantId, methodId: row.id }, 'a TOTP seed does not open with the seal key');
    return undefined;
  }
}
