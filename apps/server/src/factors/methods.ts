/**
 * A user's registered second factors: what they are (never their secrets), removing one, and
 * removing all of them for an MFA reset. Every removal is audited in the same transaction as
 * the delete, so the log and the table never disagree; the user hears about single removals
 * here, and about a full reset from whoever performs it (it comes with more news: sessions
 * ended, a TAP revoked).
 *
 * @module
 */
import type { Kysely } from 'kysely';
import type { ServerContext } from '../context.js';
import type { Database, MethodsTable } from '../db/schema.js';
import { recordAudit } from '../audit/record.js';
import { ServerError } from '../errors.js';
import { notifyUser } from '../notify/notifications.js';
import { inTransaction } from '../tenants/tenants.js';

/** The kinds of second factor. */
export type MethodKind = MethodsTable['kind'];

/** A method as users and admins see it: no seed, and only a masked target. */
export interface MethodSummary {
  readonly id: string;
  readonly kind: MethodKind;
  readonly label: string;
  readonly createdAt: number;
  readonly lastUsedAt: number | null;
  /** Registered during a Temporary Access Pass session: flagged for review (security.md S19). */
  readonly registeredWithTap: boolean;
  /** An email/SMS method whose code has not come back yet: not usable for sign-in. */
  readonly pending: boolean;
}

/** A method the sign-in page may offer: verified, allowed by policy, target masked. */
export interface SignInMethod {
  readonly id: string;
  readonly kind: MethodKind;
  readonly label: string;
}

/**
 * The user's methods, oldest first.
 *
 * @example
 * ```ts
 * const methods = await listMethods(ctx, principal.tenantId, principal.userId);
 * ```
 */
export async function listMethods(ctx: ServerContext, tenantId: string, userId: string): Promise<MethodSummary[]> {
  const rows = await ctx.db.selectFrom('methods')
    .select(['id', 'kind', 'label', 'created_at', 'last_used_at', 'registered_with_tap', 'verified_at'])
    .where('tenant_id', '=', tenantId).where('user_id', '=', userId)
    .orderBy('created_at').orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id, kind: r.kind, label: r.label, createdAt: r.created_at, lastUsedAt: r.last_used_at,
    registeredWithTap: r.registered_with_tap === 1, pending: r.verified_at === null,
  }));
}

/** Who removes what, for {@link removeMethod}. */
export interface RemoveMethodInput {
  readonly tenantId: string;
  readonly userId: string;
  readonly methodId: string;
  /** The user themselves or an admin/helpdesk operator. */
  readonly actorUserId: string;
  readonly ip?: string | null;
}

/**
 * Deletes one method of the user, audits `method.remove` and notifies the user.
 *
 * @example
 * ```ts
 * await removeMethod(ctx, { tenantId, userId, methodId, actorUserId: principal.userId, ip: request.ip });
 * ```
 * @throws {ServerError} `ERR_NOT_FOUND` when the user has no such method (in this tenant).
 */
export async function removeMethod(ctx: ServerContext, input: RemoveMethodInput): Promise<void> {
  const removed = await ctx.db.transaction().execute(async (trx) => {
    const row = await trx.deleteFrom('methods')
      .where('tenant_id', '=', input.tenantId).where('user_id', '=', input.userId).where('id', '=', input.methodId)
      .returning(['kind', 'label']).executeTakeFirst();
    if (row === undefined) return undefined;
    await recordAudit(ctx, {
      tenantId: input.tenantId, action: 'method.remove', actorUserId: input.actorUserId, targetUserId: input.userId,
      ip: input.ip ?? null, detail: { methodId: input.methodId, kind: row.kind },
    }, trx);
    return row;
  });
  if (removed === undefined) throw new ServerError('ERR_NOT_FOUND', 'no such sign-in method');
  await notifyUser(ctx, { tenantId: input.tenantId, userId: input.userId }, 'method.removed', { method: removed.kind, label: removed.label });
}

/**
 * Deletes every method of the user (MFA reset) and audits `method.remove_all`; returns how many
 * were removed. The caller notifies the user (with the rest of the reset's news). Given a
 * transaction as `db`, the delete and its audit line commit (or roll back) with it.
 *
 * @example
 * ```ts
 * const count = await removeAllMethods(ctx, { tenantId, userId, actorUserId: admin.userId, ip });
 * ```
 */
export async function removeAllMethods(ctx: ServerContext, input: Omit<RemoveMethodInput, 'methodId'>, db: Kysely<Database> = ctx.db): Promise<number> {
  return inTransaction(db, async (trx) => {
    const result = await trx.deleteFrom('methods')
      .where('tenant_id', '=', input.tenantId).where('user_id', '=', input.userId).executeTakeFirst();
    const count = Number(result.numDeletedRows);
    await recordAudit(ctx, {
      tenantId: input.tenantId, action: 'method.remove_all', actorUserId: input.actorUserId, targetUserId: input.userId,
      ip: input.ip ?? null, detail: { count },
    }, trx);
    return count;
  });
}
