/**
 * The checks behind each sign-in form. Every path costs about the same and answers the same
 * way whether or not the account exists: an unknown email still runs Argon2id against a dummy
 * hash, failures count against the typed name (known or not) in the throttle, and every failure
 * returns the same {@link SignInFailure}. Audit events record failures for known accounts only
 * under their tenant; the reason stays in the audit log and never reaches the page.
 *
 * @module
 */
import { recordAudit } from '../audit/record.js';
import type { AuthMethodRef } from '../auth/sessions.js';
import type { ServerContext } from '../context.js';
import { hashToken } from '../crypto/tokens.js';
import { listSignInMethods, redeemTap, verifyOneTimeCode, verifyTotp, type SignInMethod } from '../factors/index.js';
import { verifyPassword } from '../passwords/index.js';
import { assertNotThrottled, recordFailure, recordSuccess } from '../throttle/index.js';
import { findUserForSignIn, normaliseEmail, storeRehash } from '../users/index.js';
import type { Attempt } from './attempts.js';

/** Every failed step, whatever the reason. */
export interface SignInFailure {
  readonly ok: false;
}

const FAILED: SignInFailure = { ok: false };

/** Longest inputs accepted (anything longer is refused before any work). */
export const LIMITS = { email: 320, password: 1024, code: 12, pass: 128 } as const;

async function fail(ctx: ServerContext, subject: string, event: { tenantId: string | null; userId: string | null; reason: string; ip: string }): Promise<SignInFailure> {
  await recordFailure(ctx, subject);
  await recordAudit(ctx, { tenantId: event.tenantId, action: 'sign_in.failure', actorUserId: event.userId, targetUserId: event.userId, ip: event.ip, detail: { reason: event.reason } });
  return FAILED;
}

/** Result of a correct password. */
export interface PasswordOk {
  readonly ok: true;
  readonly tenantId: string;
  readonly userId: string;
  readonly methods: readonly SignInMethod[];
}

/** Checks email and password; throws `ERR_THROTTLED` while the name is backed off. */
export async function checkPassword(ctx: ServerContext, input: { email: string; password: string; ip: string }): Promise<PasswordOk | SignInFailure> {
  const subject = normaliseEmail(input.email);
  await assertNotThrottled(ctx, subject);
  const user = await findUserForSignIn(ctx, subject);
  const { ok, rehash } = await verifyPassword(ctx, user?.password_hash ?? null, input.password);
  if (user === undefined || !ok) {
    return fail(ctx, subject, { tenantId: user?.tenant_id ?? null, userId: user?.id ?? null, reason: user === undefined ? 'unknown_user' : 'password', ip: input.ip });
  }
  if (rehash !== undefined && user.password_hash !== null) await storeRehash(ctx, user.tenant_id, user.id, user.password_hash, rehash);
  const methods = await listSignInMethods(ctx, user.tenant_id, user.id);
  return { ok: true, tenantId: user.tenant_id, userId: user.id, methods };
}

/** Result of a correct second factor. */
export interface FactorOk {
  readonly ok: true;
  readonly amr: readonly AuthMethodRef[];
}

async function userSubject(ctx: ServerContext, attempt: Attempt): Promise<string> {
  const user = await ctx.db.selectFrom('users').select('email').where('tenant_id', '=', attempt.tenantId).where('id', '=', attempt.userId).executeTakeFirst();
  return user?.email ?? attempt.userId;
}

/** Checks the code for one of the attempt's methods; throws `ERR_THROTTLED` while backed off. */
export async function checkFactor(ctx: ServerContext, attempt: Attempt, input: { methodId: string; code: string; ip: string }): Promise<FactorOk | SignInFailure> {
  const subject = await userSubject(ctx, attempt);
  await assertNotThrottled(ctx, subject);
  const methods = await listSignInMethods(ctx, attempt.tenantId, attempt.userId);
  const method = methods.find((m) => m.id === input.methodId);
  const code = input.code.replace(/\s+/g, '');
  const ids = { tenantId: attempt.tenantId, userId: attempt.userId };
  let ok = false;
  if (method?.kind === 'totp') ok = await verifyTotp(ctx, { ...ids, code });
  else if (method !== undefined) ok = await verifyOneTimeCode(ctx, { ...ids, methodId: method.id, code, ip: input.ip });
  if (method === undefined || !ok) return fail(ctx, subject, { ...ids, reason: 'second_factor', ip: input.ip });
  await recordSuccess(ctx, subject);
  return { ok: true, amr: ['pwd', method.kind === 'totp' ? 'otp' : method.kind, 'mfa'] };
}

/** Result of a valid Temporary Access Pass. */
export interface TapOk {
  readonly ok: true;
  readonly tenantId: string;
  readonly userId: string;
  readonly tapId: string;
  readonly expiresAt: number;
}

/** Checks email and pass; throws `ERR_THROTTLED` while the name is backed off. */
export async function checkTap(ctx: ServerContext, input: { email: string; pass: string; ip: string }): Promise<TapOk | SignInFailure> {
  const subject = normaliseEmail(input.email);
  await assertNotThrottled(ctx, subject);
  const user = await findUserForSignIn(ctx, subject);
  let tap: { tapId: string; expiresAt: number } | undefined;
  if (user === undefined) hashToken(input.pass); // unknown names do the hashing work a known one does
  else tap = await redeemTap(ctx, { tenantId: user.tenant_id, userId: user.id, pass: input.pass, ip: input.ip });
  if (user === undefined || tap === undefined) {
    return fail(ctx, subject, { tenantId: user?.tenant_id ?? null, userId: user?.id ?? null, reason: user === undefined ? 'unknown_user' : 'tap', ip: input.ip });
  }
  await recordSuccess(ctx, subject);
  return { ok: true, tenantId: user.tenant_id, userId: user.id, tapId: tap.tapId, expiresAt: tap.expiresAt };
}
