/**
 * The admin API of tessera-server, one function per route, typed as the server's contract
 * describes its answers. The tenant is always the caller's (the server takes it from the
 * token), so no function takes a tenant. Answers are checked just enough that a wrong server
 * gives a clear `ERR_SERVER_FAILED` instead of a crash while printing.
 *
 * @module
 */
import { CliError } from '../errors.js';
import type { AdminClient, Query } from './client.js';

/** A user as the admin API shows it. Times are epoch ms or ISO text, as the server sends them. */
export interface AdminUser {
  readonly id: string;
  readonly email: string;
  readonly displayName: string;
  readonly role: string;
  readonly status: string;
  readonly createdAt: number | string;
  readonly hasPassword: boolean;
}

/** The caller's tenant with its policy. */
export interface AdminTenant {
  readonly id: string;
  readonly name: string;
  readonly domains: readonly string[];
  readonly policy: Policy;
}

/** A tenant policy as JSON (`allowWorkSecretBackup`, `tap.*`, `methods.*`). */
export type Policy = Readonly<Record<string, unknown>>;

/** A Temporary Access Pass just issued; the only time the pass is visible. */
export interface IssuedTap {
  readonly pass: string;
  readonly expiresAt: number | string;
  readonly oneTime: boolean;
}

/** One registered sign-in method of a user (never its secret). */
export interface MethodSummary {
  readonly id: string;
  readonly kind: string;
  readonly label: string | null;
  readonly createdAt: number | string;
  readonly lastUsedAt: number | string | null;
  readonly registeredWithTap: boolean;
}

/** A guest as the admin API shows it. */
export interface AdminGuest {
  readonly id: string;
  readonly email: string;
  readonly displayName: string;
  readonly homeDomain: string;
  readonly status: string;
  readonly createdAt: number | string;
}

/** Your tenant's setting for one home organisation. */
export interface CrossTenantTrust {
  readonly homeDomain: string;
  readonly trustHomeMfa: boolean;
  readonly updatedAt: number | string | null;
}

/** One page of a list, with the (opaque) cursor of the next page. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly next: string | undefined;
}

function object(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CliError('ERR_SERVER_FAILED', `The server's answer for ${what} is not the expected JSON object.`);
  }
  return value as Record<string, unknown>;
}

function list(value: unknown, key: string, what: string): readonly unknown[] {
  const items = Array.isArray(value) ? (value as unknown[]) : object(value, what)[key];
  if (!Array.isArray(items)) throw new CliError('ERR_SERVER_FAILED', `The server's answer for ${what} has no ${key} list.`);
  return items as unknown[];
}

function page<T>(value: unknown, key: string, what: string): Page<T> {
  const next = Array.isArray(value) ? undefined : object(value, what)['next'];
  // Cursors are opaque: the users list pages by email, the audit log by sequence number.
  const cursor = typeof next === 'number' && Number.isSafeInteger(next) ? String(next) : next;
  return { items: list(value, key, what) as readonly T[], next: typeof cursor === 'string' && cursor !== '' ? cursor : undefined };
}

const user = (id: string): string => `/api/admin/users/${encodeURIComponent(id)}`;

/** `GET /api/admin/tenant`. */
export async function getTenant(client: AdminClient): Promise<AdminTenant> {
  return object(await client.call('GET', '/api/admin/tenant'), 'the tenant') as unknown as AdminTenant;
}

/** `PATCH /api/admin/tenant`. */
export async function updateTenant(client: AdminClient, change: { name?: string; domains?: readonly string[] }): Promise<AdminTenant | undefined> {
  return (await client.call('PATCH', '/api/admin/tenant', { json: change })) as AdminTenant | undefined;
}

/** `GET /api/admin/policy`. */
export async function getPolicy(client: AdminClient): Promise<Policy> {
  return object(await client.call('GET', '/api/admin/policy'), 'the policy');
}

/** `PUT /api/admin/policy` with the whole policy. */
export async function putPolicy(client: AdminClient, policy: Policy): Promise<void> {
  await client.call('PUT', '/api/admin/policy', { json: policy });
}

/** `GET /api/admin/users` — one page. */
export async function listUsers(client: AdminClient, query: Query): Promise<Page<AdminUser>> {
  return page<AdminUser>(await client.call('GET', '/api/admin/users', { query }), 'users', 'the user list');
}

/** `POST /api/admin/users`. */
export async function createUser(client: AdminClient, input: { email: string; displayName: string; role?: string }): Promise<AdminUser> {
  return object(await client.call('POST', '/api/admin/users', { json: input }), 'the new user') as unknown as AdminUser;
}

/** `GET /api/admin/users/:id`. */
export async function getUser(client: AdminClient, id: string): Promise<AdminUser> {
  return object(await client.call('GET', user(id)), 'the user') as unknown as AdminUser;
}

/** `PATCH /api/admin/users/:id`. */
export async function updateUser(client: AdminClient, id: string, change: { displayName?: string; role?: string; status?: string }): Promise<AdminUser | undefined> {
  return (await client.call('PATCH', user(id), { json: change })) as AdminUser | undefined;
}

/** `POST /api/admin/users/:id/tap`. */
export async function issueTap(client: AdminClient, id: string, options: { lifetimeMinutes?: number; oneTime: boolean }): Promise<IssuedTap> {
  const answer = object(await client.call('POST', `${user(id)}/tap`, { json: options }), 'the Temporary Access Pass');
  if (typeof answer['pass'] !== 'string') throw new CliError('ERR_SERVER_FAILED', 'The server did not return the Temporary Access Pass.');
  return answer as unknown as IssuedTap;
}

/** `DELETE /api/admin/users/:id/tap`. */
export async function revokeTap(client: AdminClient, id: string): Promise<void> {
  await client.call('DELETE', `${user(id)}/tap`);
}

/** `GET /api/admin/users/:id/methods`. */
export async function listMethods(client: AdminClient, id: string): Promise<readonly MethodSummary[]> {
  return list(await client.call('GET', `${user(id)}/methods`), 'methods', 'the methods') as readonly MethodSummary[];
}

/** `DELETE /api/admin/users/:id/methods/:methodId`. */
export async function removeMethod(client: AdminClient, id: string, methodId: string): Promise<void> {
  await client.call('DELETE', `${user(id)}/methods/${encodeURIComponent(methodId)}`);
}

/** `POST /api/admin/users/:id/reset-mfa`; returns the server's summary, if any. */
export async function resetMfa(client: AdminClient, id: string, input: { reason: string; ticket?: string }): Promise<unknown> {
  return client.call('POST', `${user(id)}/reset-mfa`, { json: input });
}

/** `POST /api/admin/users/:id/revoke-sessions`. */
export async function revokeSessions(client: AdminClient, id: string): Promise<unknown> {
  return client.call('POST', `${user(id)}/revoke-sessions`, { json: {} });
}

/** `POST /api/admin/users/:id/unlock`. */
export async function unlockUser(client: AdminClient, id: string): Promise<void> {
  await client.call('POST', `${user(id)}/unlock`, { json: {} });
}

/** `GET /api/admin/audit` — one page of events. */
export async function queryAudit(client: AdminClient, query: Query): Promise<Page<Readonly<Record<string, unknown>>>> {
  return page<Readonly<Record<string, unknown>>>(await client.call('GET', '/api/admin/audit', { query }), 'events', 'the audit log');
}

/** `GET /api/admin/audit/export` — the streamed answer. */
export async function exportAudit(client: AdminClient, query: Query): Promise<Response> {
  return client.response('GET', '/api/admin/audit/export', { query, timeoutMs: 0 });
}

/** `GET /api/admin/guests`. */
export async function listGuests(client: AdminClient): Promise<readonly AdminGuest[]> {
  return list(await client.call('GET', '/api/admin/guests'), 'guests', 'the guest list') as readonly AdminGuest[];
}

/** `POST /api/admin/guests`: invites a person of another organisation on this server. */
export async function inviteGuest(client: AdminClient, email: string): Promise<AdminGuest> {
  return object(await client.call('POST', '/api/admin/guests', { json: { email } }), 'the new guest') as unknown as AdminGuest;
}

/** `DELETE /api/admin/guests/:id`. */
export async function removeGuest(client: AdminClient, id: string): Promise<void> {
  await client.call('DELETE', `/api/admin/guests/${encodeURIComponent(id)}`);
}

const trustPath = (domain: string): string => `/api/admin/cross-tenant/${encodeURIComponent(domain)}`;

/** `GET /api/admin/cross-tenant/:domain`. */
export async function getTrust(client: AdminClient, domain: string): Promise<CrossTenantTrust> {
  return object(await client.call('GET', trustPath(domain)), 'the trust setting') as unknown as CrossTenantTrust;
}

/** `PUT /api/admin/cross-tenant/:domain`. */
export async function setTrust(client: AdminClient, domain: string, trustHomeMfa: boolean): Promise<CrossTenantTrust> {
  return object(await client.call('PUT', trustPath(domain), { json: { trustHomeMfa } }), 'the trust setting') as unknown as CrossTenantTrust;
}
