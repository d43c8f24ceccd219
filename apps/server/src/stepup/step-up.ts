/**
 * Step-up re-authentication: a signed-in user proves a second factor again, so a sensitive
 * action that wants a recent authentication (an admin's MFA reset, registering an authenticator
 * device) can go ahead without a whole new browser sign-in (ASVS 7.5.3, NIST 800-63B §4.2.3).
 *
 * The checks are those of the sign-in's second step, not weaker ones: the account's throttle
 * (keyed by its normalised sign-in name, like sign-in) is consulted before any code is looked
 * at, every failure counts and a success resets it; a TOTP code is accepted once (the factors'
 * compare-and-swap on the last used step); an email or SMS code is a single-use one-time code.
 * A success moves the session's authentication time forward and is audited in one transaction
 * with the throttle reset, so either all of it is recorded or none; a failure is audited too.
 *
 * @module
 */
import { recordAudit } from '../audit/record.js';
import type { Principal } from '../auth/principal.js';
import { markReauthenticated } from '../auth/sessions.js';
import type { ServerContext } from '../context.js';
import { ServerError } from '../errors.js';
import { listSignInMethods, verifyOneTimeCode, verifyTotp, type MethodKind } from '../factors/index.js';
import { methodAllowed } from '../factors/policy.js';
import { assertNotThrottled, recordFailure, recordSuccess } from '../throttle/index.js';
import { normaliseEmail } from '../users/index.js';

/** What the caller offers. */
export interface StepUpInput {
  /** The code from the authenticator app, or the one-time code sent to `methodId`. */
  readonly code: string;
  /** An email or SMS method the code was sent to; absent (or a TOTP method) means the user's TOTP apps. */
  readonly methodId?: string | undefined;
  readonly ip?: string | null | undefined;
}

/** A successful step-up. */
export interface StepUpResult {
  /** The session's new authentication time (ms). */
  readonly authTime: number;
}

const AUDIT_ACTION = 'session.step_up';

/** The kind of method the code is for, or undefined when `methodId` names no usable method. */
async function methodKind(ctx: ServerContext, caller: Principal, methodId: string | undefined): Promise<MethodKind | undefined> {
  if (methodId === undefined) return (await methodAllowed(ctx, caller.tenantId, 'totp')) ? 'totp' : undefined;
  const methods = await listSignInMethods(ctx, caller.tenantId, caller.userId);
  return methods.find((m) => m.id === methodId)?.kind;
}

async function checkCode(ctx: ServerContext, caller: Principal, kind: MethodKind | undefined, input: StepUpInput, code: string): Promise<boolean> {
  const ids = { tenantId: caller.tenantId, userId: caller.userId };
  if (kind === 'totp') return verifyTotp(ctx, { ...ids, code });
  if ((kind === 'email' || kind === 'sms') && input.methodId !== undefined) {
    return verifyOneTimeCode(ctx, { ...ids, methodId: input.methodId, code, ip: input.ip ?? null });
  }
  return false;
}

function auditEvent(caller: Principal, input: StepUpInput, detail: Record<string, unknown>) {
  return { tenantId: caller.tenantId, action: AUDIT_ACTION, actorUserId: caller.userId, targetUserId: caller.userId, ip: input.ip ?? null, detail };
}

/**
 * Re-authenticates `caller`'s session with a second factor and returns its new authentication
 * time. The caller must already hold a full (non-TAP) session (`requirePrincipal` without `allowTap`).
 *
 * @example
 * ```ts
 * const { authTime } = await stepUp(ctx, caller, { code: '123456', ip: request.ip });
 * ```
 * @throws {ServerError} `ERR_THROTTLED` (backing off or locked), `ERR_OTP_INVALID` (wrong, used
 *   or expired code, or no such method), `ERR_UNAUTHENTICATED` (the session ended meanwhile).
 */
export async function stepUp(ctx: ServerContext, caller: Principal, input: StepUpInput): Promise<StepUpResult> {
  const subject = normaliseEmail(caller.email);
  await assertNotThrottled(ctx, subject);
  const kind = await methodKind(ctx, caller, input.methodId);
  const code = input.code.replace(/\s+/g, '');
  if (!(await checkCode(ctx, caller, kind, input, code))) {
    await ctx.db.transaction().execute(async (trx) => {
      await recordFailure({ db: trx, now: () => ctx.now() }, subject);
      await recordAudit(ctx, auditEvent(caller, input, { ok: false, method: kind ?? 'unknown' }), trx);
    });
    throw new ServerError('ERR_OTP_INVALID', 'the code is not valid; check it and try again');
  }
  const authTime = ctx.now();
  const marked = await ctx.db.transaction().execute(async (trx) => {
    if (!(await markReauthenticated(trx, caller.session, authTime))) return false;
    await recordSuccess({ db: trx, now: () => ctx.now() }, subject);
    await recordAudit(ctx, auditEvent(caller, input, { ok: true, method: kind }), trx);
    return true;
  });
  if (!marked) throw new ServerError('ERR_UNAUTHENTICATED', 'sign in first');
  return { authTime };
}
