/**
 * Authenticator devices: registration of a device's P-256 public key after a fresh strong
 * sign-in, the user's list, and revocation (by the user or by an admin for a lost device).
 * Registration and removal are audited and emailed to the user (NIST 800-63B §4.1: notice on
 * every bind through an independent channel); a device registered from a Temporary Access Pass
 * session is flagged and raises an alert (security.md S19). Revocation keeps the row and
 * announces itself on the event bus, so the device's open streams close and its approvals stop
 * working at once on every instance. An MFA reset revokes all of a user's devices inside its own
 * transaction ({@link revokeUserDevices}): the announcement waits for the commit, and the user
 * gets the reset's notice instead of one message per device.
 *
 * @module
 */
import type { Kysely } from 'kysely';
import { deviceChannel } from '../approvals/channels.js';
import { recordAudit } from '../audit/record.js';
import type { ServerContext } from '../context.js';
import { newId } from '../crypto/tokens.js';
import type { Database, DevicesTable } from '../db/schema.js';
import { ServerError } from '../errors.js';
import { publishOnCommit } from '../events/bus.js';
import { notifyUser } from '../notify/notifications.js';
import { parseDevicePublicKey, type DeviceJwk } from './jwk.js';

/** A device as its user and admins see it (no key material beyond the thumbprint). */
export interface DeviceSummary {
  readonly id: string;
  readonly name: string;
  readonly thumbprint: string;
  readonly createdAt: number;
  readonly lastSeenAt: number | null;
  readonly registeredWithTap: boolean;
}

/** A live device with its key, for verifying what it signs. */
export interface ActiveDevice extends DeviceSummary {
  readonly tenantId: string;
  readonly userId: string;
  readonly jwk: DeviceJwk;
}

/** What {@link registerDevice} needs. */
export interface RegisterDeviceInput {
  readonly tenantId: string;
  readonly userId: string;
  readonly name: string;
  /** Untrusted JWK from the request; checked by `parseDevicePublicKey`. */
  readonly publicKey: unknown;
  /** Whether the registering session came from a Temporary Access Pass. */
  readonly viaTap: boolean;
  readonly ip?: string | null;
}

/** Longest device name. */
export const DEVICE_NAME_MAX = 64;

function toSummary(row: DevicesTable): DeviceSummary {
  return { id: row.id, name: row.name, thumbprint: row.thumbprint, createdAt: row.created_at, lastSeenAt: row.last_seen_at, registeredWithTap: row.registered_with_tap === 1 };
}

function cleanName(name: string): string {
  const cleaned = name.normalize('NFC').trim();
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (!new RegExp(`^.{1,${DEVICE_NAME_MAX}}$`, 'su').test(cleaned) || /[\u0000-\u001f\u007f-\u009f]/.test(cleaned)) {
    throw new ServerError('ERR_VALIDATION', `a device name is 1 to ${DEVICE_NAME_MAX} printable characters`);
  }
  return cleaned;
}

/**
 * Registers a device key for the user; throws `ERR_DEVICE_KEY_INVALID` or `ERR_DEVICE_EXISTS`
 * (the same key was registered before, even if since revoked). The caller has already checked
 * that the session is a fresh strong sign-in.
 *
 * @example
 * ```ts
 * const device = await registerDevice(ctx, { tenantId, userId, name: 'Ada’s phone', publicKey: jwk, viaTap: false });
 * ```
 */
export async function registerDevice(ctx: ServerContext, input: RegisterDeviceInput): Promise<DeviceSummary> {
  const name = cleanName(input.name);
  const { jwk, thumbprint } = await parseDevicePublicKey(input.publicKey);
  const existing = await ctx.db.selectFrom('devices').select('id')
    .where('tenant_id', '=', input.tenantId).where('user_id', '=', input.userId).where('thumbprint', '=', thumbprint).executeTakeFirst();
  if (existing !== undefined) throw new ServerError('ERR_DEVICE_EXISTS', 'this key is already registered; a device makes a new key to register again');
  const row: DevicesTable = {
    id: newId(), tenant_id: input.tenantId, user_id: input.userId, name, public_key: JSON.stringify(jwk), thumbprint,
    registered_with_tap: input.viaTap ? 1 : 0, created_at: ctx.now(), last_seen_at: null, revoked_at: null,
  };
  await ctx.db.transaction().execute(async (trx) => {
    await trx.insertInto('devices').values(row).execute();
    await recordAudit(ctx, {
      tenantId: input.tenantId, action: 'device.register', actorUserId: input.userId, targetUserId: input.userId, ip: input.ip ?? null,
      detail: { deviceId: row.id, name, thumbprint, viaTap: input.viaTap },
    }, trx);
  });
  if (input.viaTap) {
    ctx.log.warn({ alert: 'device.register.tap', tenantId: input.tenantId, userId: input.userId, deviceId: row.id }, 'authenticator registered from a Temporary Access Pass session: review');
  }
  await notifyUser(ctx, { tenantId: input.tenantId, userId: input.userId }, 'device.registered', { device: name, registeredWithTemporaryAccessPass: input.viaTap });
  return toSummary(row);
}

/** The user's live (not revoked) devices, oldest first. */
export async function listDevices(ctx: Pick<ServerContext, 'db'>, tenantId: string, userId: string): Promise<DeviceSummary[]> {
  const rows = await ctx.db.selectFrom('devices').selectAll()
    .where('tenant_id', '=', tenantId).where('user_id', '=', userId).where('revoked_at', 'is', null)
    .orderBy('created_at').orderBy('id').execute();
  return rows.map(toSummary);
}

/**
 * The device `deviceId`, with its key, whether or not it still works; undefined when unknown.
 * `revoked` is also true when its user is no longer active (a disabled user's devices approve
 * nothing).
 */
export async function findDevice(ctx: Pick<ServerContext, 'db'>, deviceId: string): Promise<(ActiveDevice & { revoked: boolean }) | undefined> {
  const row = await ctx.db.selectFrom('devices')
    .innerJoin('users', (join) => join.onRef('users.id', '=', 'devices.user_id').onRef('users.tenant_id', '=', 'devices.tenant_id'))
    .selectAll('devices').select('users.status as user_status')
    .where('devices.id', '=', deviceId).executeTakeFirst();
  if (row === undefined) return undefined;
  const { user_status: status, ...device } = row;
  return { ...toSummary(device), tenantId: device.tenant_id, userId: device.user_id, jwk: JSON.parse(device.public_key) as DeviceJwk, revoked: device.revoked_at !== null || status !== 'active' };
}

/** What {@link revokeDevice} needs. */
export interface RevokeDeviceInput {
  readonly tenantId: string;
  readonly userId: string;
  readonly deviceId: string;
  /** The user themselves, or the admin revoking a lost device. */
  readonly actorUserId: string;
  readonly ip?: string | null;
}

/**
 * Revokes the user's live devices inside `trx` — only `deviceId` when given — and audits each
 * (`admin.device.revoke` when someone else revoked it, else `device.remove`), oldest first.
 * Returns the rows this statement changed (a device revoked a moment earlier by someone else is
 * neither counted nor audited twice) and the announcement of their revocation, for after the
 * commit.
 */
async function revokeLive(ctx: ServerContext, by: Omit<RevokeDeviceInput, 'deviceId'>, trx: Kysely<Database>, deviceId?: string): Promise<{ rows: Pick<DevicesTable, 'id' | 'name'>[]; announce: () => Promise<void> }> {
  let update = trx.updateTable('devices').set({ revoked_at: ctx.now() })
    .where('tenant_id', '=', by.tenantId).where('user_id', '=', by.userId).where('revoked_at', 'is', null);
  if (deviceId !== undefined) update = update.where('id', '=', deviceId);
  const rows = await update.returning(['id', 'name', 'thumbprint', 'created_at']).execute();
  rows.sort((a, b) => a.created_at - b.created_at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const device of rows) {
    await recordAudit(ctx, {
      tenantId: by.tenantId, action: by.actorUserId !== by.userId ? 'admin.device.revoke' : 'device.remove', actorUserId: by.actorUserId, targetUserId: by.userId,
      ip: by.ip ?? null, detail: { deviceId: device.id, name: device.name, thumbprint: device.thumbprint },
    }, trx);
  }
  const announce = await publishOnCommit(ctx.events, trx, rows.map((device) => ({ channel: deviceChannel(device.id), payload: { revoked: true } })));
  return { rows, announce };
}

/**
 * Revokes one of the user's devices (`ERR_NOT_FOUND` when it is not theirs or already revoked).
 * Its event streams close and its pending decisions are refused from this moment.
 */
export async function revokeDevice(ctx: ServerContext, input: RevokeDeviceInput): Promise<void> {
  const { rows: [revoked], announce } = await ctx.db.transaction().execute((trx) => revokeLive(ctx, input, trx, input.deviceId));
  if (revoked === undefined) throw new ServerError('ERR_NOT_FOUND', 'no such device');
  await announce();
  await notifyUser(ctx, { tenantId: input.tenantId, userId: input.userId }, 'device.removed', { device: revoked.name, byAdministrator: input.actorUserId !== input.userId });
}

/** What {@link revokeUserDevices} did, and what to do once its transaction has committed. */
export interface RevokedDevices {
  /** How many live devices were revoked. */
  readonly revoked: number;
  /**
   * Closes the revoked devices' event streams on this instance; call it after the commit, never
   * for a rollback. Other instances hear of it through the NOTIFY sent inside the transaction
   * (PostgreSQL delivers it at commit) or, on a bus without them, from this call.
   */
  readonly announce: () => Promise<void>;
}

/**
 * Revokes every live device of the user inside the transaction `trx` (an MFA reset), auditing each
 * one as {@link revokeDevice} does. Nothing is sent: the caller calls `announce` after the commit,
 * and tells the user itself (one notice for the whole reset rather than a message per device).
 *
 * @example
 * ```ts
 * const devices = await ctx.db.transaction().execute((trx) => revokeUserDevices(ctx, { tenantId, userId, actorUserId }, trx));
 * await devices.announce();
 * ```
 */
export async function revokeUserDevices(ctx: ServerContext, input: Omit<RevokeDeviceInput, 'deviceId'>, trx: Kysely<Database>): Promise<RevokedDevices> {
  const { rows, announce } = await revokeLive(ctx, input, trx);
  return { revoked: rows.length, announce };
}

/** Whether the user has at least one live device to push to. */
export async function hasPushDevice(ctx: Pick<ServerContext, 'db'>, tenantId: string, userId: string): Promise<boolean> {
  const row = await ctx.db.selectFrom('devices').select('id')
    .where('tenant_id', '=', tenantId).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
  return row !== undefined;
}
