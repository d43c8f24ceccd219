/**
 * Email and SMS one-time codes: six random digits, valid ten minutes (NIST 800-63B §4.2: ≤ 10
 * min by SMS), single use, at most five guesses each, and a new code ends the previous one.
 * Codes are stored as an HMAC under a subkey of the seal key, bound to the code's row: a plain
 * hash of six digits would fall to a million guesses by anyone holding a database copy.
 * Consuming a guess and consuming the code are both compare-and-swap updates, so concurrent
 * guesses cannot exceed the limit and a code is accepted at most once.
 *
 * @module
 */
import type { ServerContext } from '../context.js';
import { deriveKey, keyedHash } from '../crypto/hmac.js';
import { newId, randomDigits, safeEqual } from '../crypto/tokens.js';
import { ServerError } from '../errors.js';

/** Digits in a code. */
export const CODE_DIGITS = 6;
/** How long a code is valid. */
export const CODE_LIFETIME_MS = 10 * 60_000;
/** Wrong guesses allowed per code. */
export const CODE_MAX_ATTEMPTS = 5;
/** Codes sent per method per {@link CODE_LIFETIME_MS} before sending pauses. */
export const CODE_MAX_SENDS = 5;

const CODE_PATTERN = /^\d{6}$/;

function codeHash(ctx: ServerContext, codeId: string, code: string): string {
  return keyedHash(deriveKey(ctx.sealKey, 'tessera one-time codes v1'), `${codeId}:${code}`);
}

/** Where a code belongs. */
export interface CodeOwner {
  readonly tenantId: string;
  readonly userId: string;
  readonly methodId: string;
}

/**
 * Creates a code for the method, ending any earlier live one, and returns it for delivery.
 *
 * @example
 * ```ts
 * const code = await issueCode(ctx, { tenantId, userId, methodId });
 * ```
 * @throws {ServerError} `ERR_THROTTLED` after {@link CODE_MAX_SENDS} codes within ten minutes.
 */
export async function issueCode(ctx: ServerContext, owner: CodeOwner): Promise<string> {
  const now = ctx.now();
  const code = randomDigits(CODE_DIGITS);
  const id = newId();
  await ctx.db.transaction().execute(async (trx) => {
    const recent = await trx.selectFrom('one_time_codes').select(['created_at'])
      .where('tenant_id', '=', owner.tenantId).where('method_id', '=', owner.methodId).where('created_at', '>', now - CODE_LIFETIME_MS)
      .orderBy('created_at').execute();
    const oldest = recent[0];
    if (recent.length >= CODE_MAX_SENDS && oldest !== undefined) {
      const retryAfterSeconds = Math.ceil((oldest.created_at + CODE_LIFETIME_MS - now) / 1000);
      throw new ServerError('ERR_THROTTLED', 'too many codes were sent; wait before asking for another', { details: { retryAfterSeconds } });
    }
    await trx.updateTable('one_time_codes').set({ expires_at: now })
      .where('tenant_id', '=', owner.tenantId).where('method_id', '=', owner.methodId)
      .where('used_at', 'is', null).where('expires_at', '>', now).execute();
    await trx.insertInto('one_time_codes').values({
      id, tenant_id: owner.tenantId, user_id: owner.userId, method_id: owner.methodId, code_hash: codeHash(ctx, id, code),
      attempts: 0, created_at: now, expires_at: now + CODE_LIFETIME_MS, used_at: null,
    }).execute();
  });
  return code;
}

/**
 * Checks `code` against the method's live code and consumes it on a match. Each call with a
 * well-formed code uses one of the code's guesses. Never throws for bad input.
 *
 * @example
 * ```ts
 * const ok = await consumeCode(ctx, { tenantId, userId, methodId }, '123456');
 * ```
 */
export async function consumeCode(ctx: ServerContext, owner: CodeOwner, code: string): Promise<boolean> {
  if (typeof code !== 'string' || !CODE_PATTERN.test(code)) return false;
  const now = ctx.now();
  const live = await ctx.db.selectFrom('one_time_codes').select(['id', 'code_hash'])
    .where('tenant_id', '=', owner.tenantId).where('user_id', '=', owner.userId).where('method_id', '=', owner.methodId)
    .where('used_at', 'is', null).where('expires_at', '>', now).where('attempts', '<', CODE_MAX_ATTEMPTS)
    .orderBy('created_at', 'desc').executeTakeFirst();
  if (live === undefined) return false;
  const guess = await ctx.db.updateTable('one_time_codes').set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('id', '=', live.id).where('attempts', '<', CODE_MAX_ATTEMPTS).where('used_at', 'is', null).executeTakeFirst();
  if (Number(guess.numUpdatedRows) !== 1) return false;
  if (!safeEqual(codeHash(ctx, live.id, code), live.code_hash)) return false;
  const used = await ctx.db.updateTable('one_time_codes').set({ used_at: now })
    .where('id', '=', live.id).where('used_at', 'is', null).where('expires_at', '>', now).executeTakeFirst();
  return Number(used.numUpdatedRows) === 1;
}
