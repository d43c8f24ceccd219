/**
 * Temporary Access Passes: how an admin or helpdesk operator lets a user with no usable method
 * register one (security.md A.2, S19). A pass is 16 characters from a 32-letter alphabet without
 * look-alikes (80 bits from the CSPRNG), shown once and stored only as a hash. Lifetime and
 * one-time default come from the tenant's policy (default 1 h, allowed 10 min–8 h, one-time).
 * Nobody issues a pass to themselves, a user has at most one live pass (a new one revokes the
 * old, and the old pass's sessions die with it), and every issue is audited, alerted on and
 * told to the user, because a pass in the wrong hands is how TAP abuse starts.
 *
 * @module
 */
import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/record.js';
import type { ServerContext } from '../context.js';
import { hashToken, newId, safeEqual } from '../crypto/tokens.js';
import type { Database } from '../db/schema.js';
import { ServerError } from '../errors.js';
import { notifyUser } from '../notify/notifications.js';
import { getTenantPolicy } from '../tenants/policy.js';
import { inTransaction } from '../tenants/tenants.js';
import { lockUser, revokeLiveTaps } from './tap-store.js';

/** The pass alphabet: upper-case letters and digits without I, O, 0 and 1. */
export const TAP_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

function newPass(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += TAP_ALPHABET.charAt(randomInt(TAP_ALPHABET.length));
  return out;
}

/** Undoes what people add when typing a pass (spaces, dashes, lower case); undefined if it cannot be one. */
function normalisePass(raw: unknown): string | undefined {
  if (typeof raw !== 'string' || raw.length > 128) return undefined;
  const pass = raw.replace(/[\s-]/g, '').toUpperCase();
  if (pass.length < 8 || pass.length > 48) return undefined;
  for (const ch of pass) if (!TAP_ALPHABET.includes(ch)) return undefined;
  return pass;
}

/** Input of {@link issueTap}. */
export interface IssueTapInput {
  readonly tenantId: string;
  readonly targetUserId: string;
  readonly actorUserId: string;
  readonly lifetimeMinutes?: number | undefined;
  readonly oneTime?: boolean | undefined;
  readonly ip?: string | null | undefined;
}

/** A freshly issued pass: show `pass` once, it is not stored. */
export interface IssuedTap {
  readonly pass: string;
  readonly expiresAt: number;
  readonly oneTime: boolean;
}

/**
 * Issues a pass for another user of the tenant, replacing a live one.
 *
 * @example
 * ```ts
 * const { pass, expiresAt } = await issueTap(ctx, { tenantId, targetUserId, actorUserId: admin.userId });
 * ```
 * @throws {ServerError} `ERR_TAP_SELF` (for oneself), `ERR_TAP_POLICY` (lifetime outside the
 *   policy's limits), `ERR_NOT_FOUND` (no such active user in the tenant).
 */
export async function issueTap(ctx: ServerContext, input: IssueTapInput): Promise<IssuedTap> {
  if (input.actorUserId === input.targetUserId) throw new ServerError('ERR_TAP_SELF', 'you cannot issue a Temporary Access Pass for yourself');
  const policy = (await getTenantPolicy(ctx, input.tenantId)).tap;
  const minutes = input.lifetimeMinutes ?? policy.defaultLifetimeMinutes;
  if (!Number.isInteger(minutes) || minutes < policy.minLifetimeMinutes || minutes > policy.maxLifetimeMinutes) {
    throw new ServerError('ERR_TAP_POLICY', `the lifetime must be ${policy.minLifetimeMinutes} to ${policy.maxLifetimeMinutes} minutes`,
      { details: { minLifetimeMinutes: policy.minLifetimeMinutes, maxLifetimeMinutes: policy.maxLifetimeMinutes } });
  }
  const oneTime = input.oneTime ?? policy.oneTimeDefault;
  const pass = newPass(policy.length);
  const now = ctx.now();
  const tapId = newId();
  const expiresAt = now + minutes * 60_000;
  const replaced = await ctx.db.transaction().execute(async (trx) => {
    if (!(await lockUser(trx, ctx.dialect, input.tenantId, input.targetUserId))) throw new ServerError('ERR_NOT_FOUND', 'no such user');
    const revoked = await revokeLiveTaps(trx, input.tenantId, input.targetUserId, now);
    await trx.insertInto('taps').values({
      id: tapId, tenant_id: input.tenantId, user_id: input.targetUserId, pass_hash: hashToken(pass), one_time: oneTime ? 1 : 0,
      created_by: input.actorUserId, created_at: now, expires_at: expiresAt, used_at: null, revoked_at: null,
    }).execute();
    await recordAudit(ctx, {
      tenantId: input.tenantId, action: 'tap.issue', actorUserId: input.actorUserId, targetUserId: input.targetUserId, ip: input.ip ?? null,
      detail: { tapId, expiresAt, oneTime, lifetimeMinutes: minutes, replaced: revoked },
    }, trx);
    return revoked;
  });
  ctx.log.warn({ alert: 'tap.issue', tenantId: input.tenantId, targetUserId: input.targetUserId, actorUserId: input.actorUserId, tapId, expiresAt, oneTime, replaced },
    'Temporary Access Pass issued');
  await notifyUser(ctx, { tenantId: input.tenantId, userId: input.targetUserId }, 'tap.issued', { expires: new Date(expiresAt).toISOString(), oneTime });
  return { pass, expiresAt, oneTime };
}

/**
 * Checks a pass for the user and, for a one-time pass, consumes it atomically. Returns the pass's
 * id and expiry (a TAP session ends with it), or undefined. Never throws for bad input.
 *
 * @example
 * ```ts
 * const tap = await redeemTap(ctx, { tenantId, userId, pass });
 * if (tap) await createSession(ctx, { tenantId, userId, amr: ['tap'], tapId: tap.tapId, notAfter: tap.expiresAt });
 * ```
 */
export async function redeemTap(ctx: ServerContext, input: { tenantId: string; userId: string; pass: string; ip?: string | null }): Promise<{ tapId: string; expiresAt: number } | undefined> {
  const pass = normalisePass(input.pass);
  if (pass === undefined) return undefined;
  const now = ctx.now();
  const live = await ctx.db.selectFrom('taps').select(['id', 'pass_hash', 'one_time', 'expires_at'])
    .where('tenant_id', '=', input.tenantId).where('user_id', '=', input.userId)
    .where('revoked_at', 'is', null).where('expires_at', '>', now).execute();
  const hash = hashToken(pass);
  const tap = live.find((t) => safeEqual(t.pass_hash, hash));
  if (tap === undefined) return undefined;
  if (!(await markUsed(ctx, input.tenantId, tap.id, tap.one_time === 1, now))) return undefined;
  await recordAudit(ctx, { tenantId: input.tenantId, action: 'tap.use', actorUserId: input.userId, targetUserId: input.userId, ip: input.ip ?? null, detail: { tapId: tap.id, oneTime: tap.one_time === 1 } });
  return { tapId: tap.id, expiresAt: tap.expires_at };
}

/**
 * Records the pass's use. A one-time pass is taken by exactly one caller (compare-and-swap on
 * `used_at`); a reusable one only records its first use.
 */
async function markUsed(ctx: ServerContext, tenantId: string, tapId: string, oneTime: boolean, now: number): Promise<boolean> {
  const result = await ctx.db.updateTable('taps').set({ used_at: now })
    .where('id', '=', tapId).where('tenant_id', '=', tenantId).where('used_at', 'is', null)
    .where('revoked_at', 'is', null).where('expires_at', '>', now).executeTakeFirst();
  return !oneTime || Number(result.numUpdatedRows) === 1;
}

/**
 * Revokes the user's live pass (its sessions end with it); audits `tap.revoke`. Returns whether
 * a live pass existed. Given a transaction as `db` (an MFA reset), both commit with it.
 *
 * @example
 * ```ts
 * await revokeTap(ctx, { tenantId, userId, actorUserId: admin.userId });
 * ```
 */
export async function revokeTap(ctx: ServerContext, input: { tenantId: string; userId: string; actorUserId: string; ip?: string | null }, db: Kysely<Database> = ctx.db): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    const revoked = await revokeLiveTaps(trx, input.tenantId, input.userId, ctx.now());
    if (revoked > 0) {
      await recordAudit(ctx, { tenantId: input.tenantId, action: 'tap.revoke', actorUserId: input.actorUserId, targetUserId: input.userId, ip: input.ip ?? null, detail: { count: revoked } }, trx);
    }
    return revoked > 0;
  });
}
