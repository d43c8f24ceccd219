/**
 * Users of a tenant: lookup for sign-in (by email, through the tenant that owns the email's
 * domain), creation with an optional first password, password changes, and the admin's edits.
 * Every query carries the tenant id; a user id from another tenant behaves like an unknown one.
 *
 * @module
 */
import type { Selectable } from 'kysely';
import type { ServerContext } from '../context.js';
import { newId } from '../crypto/tokens.js';
import type { UsersTable } from '../db/schema.js';
import { ServerError } from '../errors.js';
import { recordAudit } from '../audit/record.js';
import { checkPasswordPolicy, codePointLength } from '../passwords/policy.js';
import { hashPassword } from '../passwords/hash.js';
import { normaliseEmail, parseEmail } from './email.js';

/** A user row. */
export type UserRow = Selectable<UsersTable>;
/** A user's role. */
export type Role = UsersTable['role'];
/** A user's status. */
export type UserStatus = UsersTable['status'];

type Ctx = Pick<ServerContext, 'db' | 'now' | 'config'>;

/**
 * The active user who signs in as `email`, or undefined. The tenant is the one owning the
 * email's domain, so the same local part in two tenants never collides.
 */
export async function findUserForSignIn(ctx: Pick<ServerContext, 'db'>, email: string): Promise<UserRow | undefined> {
  const canonical = normaliseEmail(email);
  const domain = canonical.slice(canonical.lastIndexOf('@') + 1);
  if (!canonical.includes('@') || domain === '') return undefined;
  return ctx.db.selectFrom('users').innerJoin('tenant_domains', 'tenant_domains.tenant_id', 'users.tenant_id')
    .selectAll('users')
    .where('tenant_domains.domain', '=', domain).where('users.email', '=', canonical).where('users.status', '=', 'active')
    .executeTakeFirst();
}

/** The user `userId` of tenant `tenantId`, or undefined (also for a user of another tenant). */
export async function getUser(ctx: Pick<ServerContext, 'db'>, tenantId: string, userId: string): Promise<UserRow | undefined> {
  return ctx.db.selectFrom('users').selectAll().where('tenant_id', '=', tenantId).where('id', '=', userId).executeTakeFirst();
}

/** What {@link createUser} needs. */
export interface NewUser {
  readonly tenantId: string;
  readonly email: string;
  readonly displayName: string;
  readonly role: Role;
  readonly password?: string;
}

/** Checks a display name: 1–200 characters after trimming. */
export function cleanDisplayName(name: string): string {
  const trimmed = name.trim().normalize('NFC');
  if (trimmed === '' || codePointLength(trimmed) > 200) throw new ServerError('ERR_VALIDATION', 'a display name has 1 to 200 characters');
  return trimmed;
}

async function assertDomainOfTenant(ctx: Pick<ServerContext, 'db'>, tenantId: string, domain: string): Promise<void> {
  const owner = await ctx.db.selectFrom('tenant_domains').select('tenant_id').where('domain', '=', domain).executeTakeFirst();
  if (owner?.tenant_id !== tenantId) throw new ServerError('ERR_VALIDATION', 'the email address must use one of the tenant\'s domains');
}

/**
 * Creates a user; the email must use one of the tenant's domains (sign-in finds the tenant by
 * it). A password, when given, must pass the policy. Audited as `user.create`.
 */
export async function createUser(ctx: Ctx, input: NewUser, actor: { userId: string | null; ip?: string | null }): Promise<UserRow> {
  const { email, domain } = parseEmail(input.email);
  const displayName = cleanDisplayName(input.displayName);
  await assertDomainOfTenant(ctx, input.tenantId, domain);
  let passwordHash: string | null = null;
  if (input.password !== undefined) {
    checkPasswordPolicy(input.password, { email, displayName });
    passwordHash = await hashPassword(ctx, input.password);
  }
  const now = ctx.now();
  const row: UserRow = { id: newId(), tenant_id: input.tenantId, email, display_name: displayName, role: input.role, status: 'active', password_hash: passwordHash, created_at: now, updated_at: now };
  const existing = await ctx.db.selectFrom('users').select('id').where('tenant_id', '=', input.tenantId).where('email', '=', email).executeTakeFirst();
  if (existing !== undefined) throw new ServerError('ERR_USER_EXISTS', 'a user with this email address already exists');
  try {
    await ctx.db.insertInto('users').values(row).execute();
  } catch (error) {
    throw new ServerError('ERR_USER_EXISTS', 'a user with this email address already exists', { cause: error });
  }
  await recordAudit(ctx, { tenantId: input.tenantId, action: 'user.create', actorUserId: actor.userId, targetUserId: row.id, ip: actor.ip ?? null, detail: { role: row.role, withPassword: passwordHash !== null } });
  return row;
}

/** Sets a user's password after the policy check (the caller audits and notifies). */
export async function setPassword(ctx: Ctx, tenantId: string, userId: string, password: string): Promise<void> {
  const user = await getUser(ctx, tenantId, userId);
  if (user === undefined) throw new ServerError('ERR_NOT_FOUND', 'no such user');
  checkPasswordPolicy(password, { email: user.email, displayName: user.display_name });
  const hash = await hashPassword(ctx, password);
  await ctx.db.updateTable('users').set({ password_hash: hash, updated_at: ctx.now() }).where('tenant_id', '=', tenantId).where('id', '=', userId).execute();
}

/** Stores a rehash made at sign-in, only if the hash it replaces is still the current one. */
export async function storeRehash(ctx: Pick<ServerContext, 'db'>, tenantId: string, userId: string, oldHash: string, newHash: string): Promise<void> {
  await ctx.db.updateTable('users').set({ password_hash: newHash })
    .where('tenant_id', '=', tenantId).where('id', '=', userId).where('password_hash', '=', oldHash).execute();
}

/** An admin's change to a user. */
export interface UserChange {
  readonly displayName?: string;
  readonly role?: Role;
  readonly status?: UserStatus;
}

/** Applies `change` to a user of the tenant; returns the updated row (undefined when not found). */
export async function updateUser(ctx: Pick<ServerContext, 'db' | 'now'>, tenantId: string, userId: string, change: UserChange): Promise<UserRow | undefined> {
  const set: Partial<UserRow> = { updated_at: ctx.now() };
  if (change.displayName !== undefined) set.display_name = cleanDisplayName(change.displayName);
  if (change.role !== undefined) set.role = change.role;
  if (change.status !== undefined) set.status = change.status;
  await ctx.db.updateTable('users').set(set).where('tenant_id', '=', tenantId).where('id', '=', userId).execute();
  return getUser(ctx, tenantId, userId);
}
