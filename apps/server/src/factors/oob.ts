/**
 * Email and SMS as second factors ("out of band": the code travels another channel than the
 * sign-in page). A new method starts pending and becomes usable only when a code sent to it
 * comes back, so nobody registers an address or number they do not control. Sign-in only ever
 * sends to and accepts codes from verified methods; registration (the user's own methods page)
 * opts in to pending ones.
 *
 * @module
 */
import type { ServerContext } from '../context.js';
import { newId } from '../crypto/tokens.js';
import { ServerError } from '../errors.js';
import { parseEmail } from '../users/email.js';
import { labelOr, maskTarget } from './mask.js';
import { announceMethodAdded, auditMethodAdded, type AddedMethod } from './method-added.js';
import type { MethodKind, SignInMethod } from './methods.js';
import { CODE_LIFETIME_MS, consumeCode, issueCode } from './one-time-codes.js';
import { assertMethodAllowed, methodAllowed } from './policy.js';

/** Input of {@link addOobMethod}. */
export interface AddOobMethodInput {
  readonly tenantId: string;
  readonly userId: string;
  readonly kind: 'email' | 'sms';
  /** An email address, or a phone number in international form (`+` and digits; spaces and dashes are dropped). */
  readonly target: string;
  /** Registered from a TAP session: flagged for review. */
  readonly viaTap: boolean;
  readonly label?: string | undefined;
}

const PHONE = /^\+[1-9]\d{6,14}$/;

function normaliseTarget(kind: 'email' | 'sms', raw: string): string {
  if (kind === 'email') {
    // The same rule as an account's own address: one idea of "an email address" in the server.
    try {
      return parseEmail(raw).email;
    } catch (error) {
      throw new ServerError('ERR_VALIDATION', 'enter a valid email address', { cause: error });
    }
  }
  const phone = raw.replace(/[\s\-().]/g, '');
  if (!PHONE.test(phone)) throw new ServerError('ERR_VALIDATION', 'enter the phone number in international form, e.g. +44 20 7946 0958');
  return phone;
}

/**
 * Adds a pending email or SMS method and sends its first code.
 *
 * @example
 * ```ts
 * const { methodId } = await addOobMethod(ctx, { tenantId, userId, kind: 'email', target: 'ada@example.com', viaTap: false });
 * ```
 * @throws {ServerError} `ERR_VALIDATION` (bad target), `ERR_METHOD_EXISTS` (same target already
 *   registered), `ERR_FORBIDDEN` (kind disabled by policy), `ERR_DELIVERY_FAILED`.
 */
export async function addOobMethod(ctx: ServerContext, input: AddOobMethodInput): Promise<{ methodId: string }> {
  await assertMethodAllowed(ctx, input.tenantId, input.kind);
  const target = normaliseTarget(input.kind, input.target);
  const methodId = newId();
  await ctx.db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('methods').select('id')
      .where('tenant_id', '=', input.tenantId).where('user_id', '=', input.userId).where('kind', '=', input.kind).where('target', '=', target)
      .executeTakeFirst();
    if (existing !== undefined) throw new ServerError('ERR_METHOD_EXISTS', 'this sign-in method is already registered');
    await trx.insertInto('methods').values({
      id: methodId, tenant_id: input.tenantId, user_id: input.userId, kind: input.kind,
      label: labelOr(input.label, maskTarget(input.kind, target)), secret_sealed: null, target, last_used_step: 0,
      registered_with_tap: input.viaTap ? 1 : 0, created_at: ctx.now(), last_used_at: null, verified_at: null,
    }).execute();
  });
  await sendOneTimeCode(ctx, { tenantId: input.tenantId, userId: input.userId, methodId, allowPending: true });
  return { methodId };
}

/** Which method a code is for; `allowPending` is for registration only. */
export interface OobMethodRef {
  readonly tenantId: string;
  readonly userId: string;
  readonly methodId: string;
  /** Accept a method that is not verified yet (registering it). Sign-in leaves this unset. */
  readonly allowPending?: boolean;
}

async function findOobMethod(ctx: ServerContext, ref: OobMethodRef) {
  const row = await ctx.db.selectFrom('methods').select(['id', 'kind', 'label', 'target', 'verified_at', 'registered_with_tap'])
    .where('tenant_id', '=', ref.tenantId).where('user_id', '=', ref.userId).where('id', '=', ref.methodId)
    .where('kind', 'in', ['email', 'sms']).executeTakeFirst();
  if (row === undefined || row.target === null) return undefined;
  if (row.verified_at === null && ref.allowPending !== true) return undefined;
  return { ...row, kind: row.kind as 'email' | 'sms', target: row.target };
}

/**
 * Sends a fresh code to an email or SMS method (ending the previous code).
 *
 * @example
 * ```ts
 * await sendOneTimeCode(ctx, { tenantId, userId, methodId });
 * ```
 * @throws {ServerError} `ERR_NOT_FOUND` (no such usable method), `ERR_THROTTLED` (too many codes),
 *   `ERR_DELIVERY_FAILED`.
 */
export async function sendOneTimeCode(ctx: ServerContext, ref: OobMethodRef): Promise<void> {
  const method = await findOobMethod(ctx, ref);
  if (method === undefined) throw new ServerError('ERR_NOT_FOUND', 'no such sign-in method');
  const code = await issueCode(ctx, ref);
  const minutes = CODE_LIFETIME_MS / 60_000;
  const text = `Your Tessera code is ${code}. It expires in ${minutes} minutes. Nobody from your IT team will ever ask you for it.`;
  if (method.kind === 'email') await ctx.mailer.send({ to: method.target, subject: 'Your Tessera code', text });
  else await ctx.sms.send({ to: method.target, text });
}

/**
 * Checks a code sent to the method and consumes it; a pending method (with `allowPending`)
 * becomes verified, audited and announced. Never throws for bad input.
 *
 * @example
 * ```ts
 * const ok = await verifyOneTimeCode(ctx, { tenantId, userId, methodId, code: '123456' });
 * ```
 */
export async function verifyOneTimeCode(ctx: ServerContext, ref: OobMethodRef & { code: string; ip?: string | null }): Promise<boolean> {
  const method = await findOobMethod(ctx, ref);
  if (method === undefined || !(await consumeCode(ctx, ref, ref.code))) return false;
  const now = ctx.now();
  if (method.verified_at !== null) {
    await ctx.db.updateTable('methods').set({ last_used_at: now }).where('tenant_id', '=', ref.tenantId).where('id', '=', method.id).execute();
    return true;
  }
  const added: AddedMethod = { tenantId: ref.tenantId, userId: ref.userId, methodId: method.id, kind: method.kind, label: method.label, viaTap: method.registered_with_tap === 1, ip: ref.ip };
  const verified = await ctx.db.transaction().execute(async (trx) => {
    const result = await trx.updateTable('methods').set({ verified_at: now, last_used_at: now })
      .where('tenant_id', '=', ref.tenantId).where('id', '=', method.id).where('verified_at', 'is', null).executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return false;
    await auditMethodAdded(ctx, added, trx);
    return true;
  });
  if (verified) await announceMethodAdded(ctx, added);
  return true;
}

/**
 * The methods the sign-in page may offer the user: verified and allowed by the tenant's policy,
 * with masked labels for email and SMS.
 *
 * @example
 * ```ts
 * const choices = await listSignInMethods(ctx, tenantId, userId);
 * ```
 */
export async function listSignInMethods(ctx: ServerContext, tenantId: string, userId: string): Promise<SignInMethod[]> {
  const rows = await ctx.db.selectFrom('methods').select(['id', 'kind', 'label', 'target'])
    .where('tenant_id', '=', tenantId).where('user_id', '=', userId).where('verified_at', 'is not', null)
    .orderBy('created_at').orderBy('id').execute();
  const allowed = new Map<MethodKind, boolean>();
  const out: SignInMethod[] = [];
  for (const row of rows) {
    if (!allowed.has(row.kind)) allowed.set(row.kind, await methodAllowed(ctx, tenantId, row.kind));
    if (allowed.get(row.kind) !== true) continue;
    const label = row.kind === 'totp' || row.target === null ? row.label : maskTarget(row.kind, row.target);
    out.push({ id: row.id, kind: row.kind, label });
  }
  return out;
}
