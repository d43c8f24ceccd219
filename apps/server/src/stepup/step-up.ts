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
 * with the throttle reset (for TOTP also with spending the code), so either all of it is
 * recorded or none; a failure is counted and audited in one transaction too.
 *
 * @module
 */
import type { Transaction } from 'kysely';
import { recordAudit } from '../audit/record.js';
import type { Principal } from '../auth/principal.js';
import { markReauthenticated } from '../auth/sessions.js';
import type { ServerContext } from '../context.js';
import type { Database } from '../db/schema.js';
import { ServerError } from '../errors.js';
import { freshTotpStep, listSignInMethods, verifyOneTimeCode, type MethodKind, type TotpMethodRow } from '../factors/index.js';
import { methodAllowed } from '../factors/policy.js';
import { assertStateAllows, recordFailure, recordSuccess, type ThrottleState } from '../throttle/index.js';
import { normaliseEmail } from '../users/index.js';
import { auditStepUp, markSession, readTotpStepUp, resetThrottle, spendStep } from './totp-queries.js';

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

/** How a step-up ended. */
type Outcome = 'verified' | 'invalid' | 'session_ended';

// Thrown inside a transaction to roll it back with an outcome rather than an error.
class Undo extends Error {
  readonly outcome: Outcome;
  constructor(outcome: Outcome) {
    super(outcome);
    this.outcome = outcome;
  }
}

/** Writes that commit with a successful step-up (audit line, throttle reset). */
type AfterSuccess = (trx: Transaction<Database>) => Promise<void>;

/** What a TOTP step-up works from. */
interface TotpAttempt {
  readonly caller: Principal;
  readonly input: StepUpInput;
  readonly subject: string;
  readonly throttle: ThrottleState;
  readonly methods: readonly TotpMethodRow[];
  readonly code: string;
  readonly authTime: number;
}

/**
 * TOTP: the code is checked against each method's seed first (no write for a wrong or used
 * code); then the session's mark, spending the code (the compare-and-swap, which alone decides
 * whether it was still unused), the throttle reset and the audit line commit together — one
 * commit per step-up, and never a spent code without its mark. The session's row is written
 * first, so on SQLite the transaction holds the write lock before anything else.
 */
async function totpStepUp(ctx: ServerContext, a: TotpAttempt): Promise<Outcome> {
  const { caller, authTime } = a;
  const candidates = a.methods.map((row) => ({ id: row.id, step: freshTotpStep(ctx, caller, row, a.code, authTime) })).filter((c) => c.step >= 0);
  if (candidates.length === 0) return 'invalid';
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      if (!(await markSession(trx, ctx.dialect, caller.session, authTime))) return 'session_ended';
      let spent = false;
      for (const c of candidates) {
        if (await spendStep(trx, ctx.dialect, caller.tenantId, c.id, c.step, authTime)) {
          spent = true;
          break;
        }
      }
      if (!spent) throw new Undo('invalid');
      // Nothing to reset when no failure was counted (a failure racing this success stays counted).
      if (a.throttle.failures > 0) await resetThrottle(trx, ctx.dialect, a.subject);
      await auditStepUp(trx, ctx.dialect, { tenantId: caller.tenantId, at: ctx.now(), action: AUDIT_ACTION, userId: caller.userId, ip: a.input.ip ?? null, detail: { ok: true, method: 'totp' } });
      return 'verified';
    });
  } catch (error) {
    if (error instanceof Undo) return error.outcome;
    throw error;
  }
}

/**
 * Email/SMS: the one-time code is checked on its own first, because a wrong guess must stay
 * counted against the code's attempt limit; only then are the mark and audit line written.
 */
async function oobStepUp(ctx: ServerContext, caller: Principal, input: StepUpInput & { methodId: string }, code: string, authTime: number, after: AfterSuccess): Promise<Outcome> {
  const ok = await verifyOneTimeCode(ctx, { tenantId: caller.tenantId, userId: caller.userId, methodId: input.methodId, code, ip: input.ip ?? null });
  if (!ok) return 'invalid';
  return ctx.db.transaction().execute(async (trx) => {
    if (!(await markReauthenticated(trx, caller.session, authTime))) return 'session_ended';
    await after(trx);
    return 'verified';
  });
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
  const code = input.code.replace(/\s+/g, '');
  const authTime = ctx.now();
  // The throttle and the TOTP methods in one read, whichever method is named; the throttle is
  // checked before any code is.
  const { throttle, methods } = await readTotpStepUp(ctx, subject, caller);
  assertStateAllows(throttle, ctx.now());
  const methodId = input.methodId;
  const kind: MethodKind | undefined = methodId === undefined
    ? ((await methodAllowed(ctx, caller.tenantId, 'totp')) ? 'totp' : undefined)
    : (await listSignInMethods(ctx, caller.tenantId, caller.userId)).find((m) => m.id === methodId)?.kind;
  let outcome: Outcome = 'invalid';
  if (kind === 'totp') {
    outcome = await totpStepUp(ctx, { caller, input, subject, throttle, methods, code, authTime });
  } else if ((kind === 'email' || kind === 'sms') && methodId !== undefined) {
    const after: AfterSuccess = async (trx) => {
      if (throttle.failures > 0) await recordSuccess({ db: trx, now: () => ctx.now() }, subject);
      await recordAudit(ctx, auditEvent(caller, input, { ok: true, method: kind }), trx);
    };
    outcome = await oobStepUp(ctx, caller, { ...input, methodId }, code, authTime, after);
  }
  if (outcome === 'session_ended') throw new ServerError('ERR_UNAUTHENTICATED', 'sign in first');
  if (outcome === 'invalid') {
    await ctx.db.transaction().execute(async (trx) => {
      await recordFailure({ db: trx, now: () => ctx.now() }, subject);
      await recordAudit(ctx, auditEvent(caller, input, { ok: false, method: kind ?? 'unknown' }), trx);
    });
    throw new ServerError('ERR_OTP_INVALID', 'the code is not valid; check it and try again');
  }
  return { authTime };
}
