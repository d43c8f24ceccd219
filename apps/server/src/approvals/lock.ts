/**
 * The push lock: after a user answers "this wasn't me", someone holds their password and is
 * trying to wear them down, so the account receives no more pushes until an admin has reviewed
 * it and unlocks (security.md S17). Other second factors keep working, so the lock never shuts
 * the user out.
 *
 * @module
 */
import type { Kysely, Transaction } from 'kysely';
import { recordAudit } from '../audit/record.js';
import type { ServerContext } from '../context.js';
import type { Database } from '../db/schema.js';

/** Whether pushes to the user are locked. */
export async function isPushLocked(ctx: Pick<ServerContext, 'db'>, tenantId: string, userId: string, trx?: Transaction<Database> | Kysely<Database>): Promise<boolean> {
  const row = await (trx ?? ctx.db).selectFrom('push_locks').select('user_id').where('tenant_id', '=', tenantId).where('user_id', '=', userId).executeTakeFirst();
  return row !== undefined;
}

/** Locks pushes for the user (kept if already locked). */
export async function lockPush(ctx: Pick<ServerContext, 'db' | 'now'>, input: { tenantId: string; userId: string; approvalId: string }, trx?: Transaction<Database>): Promise<void> {
  await (trx ?? ctx.db).insertInto('push_locks').values({ user_id: input.userId, tenant_id: input.tenantId, approval_id: input.approvalId, locked_at: ctx.now() })
    .onConflict((oc) => oc.column('user_id').doNothing()).execute();
}

/**
 * An admin lifts the lock after review (audited `admin.push.unlock`). Returns whether there was
 * a lock to lift.
 *
 * @example
 * ```ts
 * await unlockPush(ctx, { tenantId, userId, actorUserId: admin.userId, ip: request.ip });
 * ```
 */
export async function unlockPush(ctx: ServerContext, input: { tenantId: string; userId: string; actorUserId: string; ip?: string | null }): Promise<boolean> {
  return ctx.db.transaction().execute(async (trx) => {
    const result = await trx.deleteFrom('push_locks').where('tenant_id', '=', input.tenantId).where('user_id', '=', input.userId).executeTakeFirst();
    const unlocked = Number(result.numDeletedRows) > 0;
    if (unlocked) {
      await recordAudit(ctx, { tenantId: input.tenantId, action: 'admin.push.unlock', actorUserId: input.actorUserId, targetUserId: input.userId, ip: input.ip ?? null }, trx);
    }
    return unlocked;
  });
}
