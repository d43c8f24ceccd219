/**
 * Appends one event to the audit log. The log is append-only: nothing in the server updates or
 * deletes its rows. `detail` holds facts about the event (method kind, reason, ticket id) —
 * never a secret, code, password or token.
 *
 * @module
 */
import type { Kysely, Transaction } from 'kysely';
import type { ServerContext } from '../context.js';
import type { Database } from '../db/schema.js';

/** One audit event. */
export interface AuditEvent {
  readonly tenantId: string | null;
  /** Dotted name, e.g. `sign_in.success`, `tap.issue`, `admin.user.create`. */
  readonly action: string;
  readonly actorUserId?: string | null;
  readonly targetUserId?: string | null;
  readonly ip?: string | null;
  readonly detail?: Readonly<Record<string, unknown>>;
}

/** Records `event`, inside `trx` when given so the event commits with the change it describes. */
export async function recordAudit(ctx: Pick<ServerContext, 'db' | 'now'>, event: AuditEvent, trx?: Transaction<Database> | Kysely<Database>): Promise<void> {
  await (trx ?? ctx.db).insertInto('audit_log').values({
    tenant_id: event.tenantId,
    at: ctx.now(),
    action: event.action,
    actor_user_id: event.actorUserId ?? null,
    target_user_id: event.targetUserId ?? null,
    ip: event.ip ?? null,
    detail: JSON.stringify(event.detail ?? {}),
  }).execute();
}
