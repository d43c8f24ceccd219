/**
 * What follows every new usable method, whatever its kind: an audit event, a notice to the
 * user (NIST 800-63B §4.1: notify on every bind), and — for methods registered during a
 * Temporary Access Pass session — an alert, because registering one's own authenticator with a
 * TAP is exactly how TAP abuse persists (security.md A.2, S19).
 *
 * @module
 */
import type { Kysely, Transaction } from 'kysely';
import { recordAudit } from '../audit/record.js';
import type { ServerContext } from '../context.js';
import type { Database } from '../db/schema.js';
import { notifyUser } from '../notify/notifications.js';
import type { MethodKind } from './methods.js';

/** The method that became usable. */
export interface AddedMethod {
  readonly tenantId: string;
  readonly userId: string;
  readonly methodId: string;
  readonly kind: MethodKind;
  readonly label: string;
  readonly viaTap: boolean;
  readonly ip?: string | null | undefined;
}

/**
 * Audits `method.add` (inside `trx` when given, so it commits with the method).
 *
 * @example
 * ```ts
 * await auditMethodAdded(ctx, added, trx);
 * ```
 */
export async function auditMethodAdded(ctx: ServerContext, added: AddedMethod, trx?: Transaction<Database> | Kysely<Database>): Promise<void> {
  await recordAudit(ctx, {
    tenantId: added.tenantId, action: 'method.add', actorUserId: added.userId, targetUserId: added.userId, ip: added.ip ?? null,
    detail: { methodId: added.methodId, kind: added.kind, viaTap: added.viaTap },
  }, trx);
}

/**
 * Notifies the user and raises the TAP alert; run after the method's transaction committed.
 *
 * @example
 * ```ts
 * await announceMethodAdded(ctx, added);
 * ```
 */
export async function announceMethodAdded(ctx: ServerContext, added: AddedMethod): Promise<void> {
  if (added.viaTap) {
    ctx.log.warn({ alert: 'method.add.tap', tenantId: added.tenantId, userId: added.userId, methodId: added.methodId, kind: added.kind },
      'sign-in method registered during a Temporary Access Pass session: review it');
  }
  await notifyUser(ctx, { tenantId: added.tenantId, userId: added.userId }, 'method.added', { method: added.kind, label: added.label });
}
