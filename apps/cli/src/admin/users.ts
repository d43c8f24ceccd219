/**
 * Admins name users the way they think of them — by email — or by the id a listing printed.
 * Both resolve to the user's record in the caller's tenant; a miss is one clear
 * `ERR_ADMIN_USER_NOT_FOUND`, whichever way the user was named.
 *
 * @module
 */
import { CliError } from '../errors.js';
import { getUser, listUsers, type AdminUser } from './admin-api.js';
import type { AdminClient } from './client.js';
import { isServerRequestError, terminalSafe } from './server-error.js';

function notFound(ref: string): CliError {
  return new CliError('ERR_ADMIN_USER_NOT_FOUND', `No user ${JSON.stringify(terminalSafe(ref, 200))} in your tenant.`);
}

/**
 * The user named by `ref`: an email (anything with an `@`, compared case-insensitively) or an id.
 *
 * @example
 * ```ts
 * const alice = await resolveUser(client, 'Alice@Example.com');
 * await revokeSessions(client, alice.id);
 * ```
 */
export async function resolveUser(client: AdminClient, ref: string): Promise<AdminUser> {
  if (ref.includes('@')) {
    const wanted = ref.trim().toLowerCase();
    const { items } = await listUsers(client, { email: wanted });
    const match = items.find((candidate) => candidate.email.toLowerCase() === wanted);
    if (match === undefined) throw notFound(ref);
    return match;
  }
  // Ids are the server's base64url strings; anything else cannot name a user.
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(ref)) throw notFound(ref);
  try {
    return await getUser(client, ref);
  } catch (error) {
    if (isServerRequestError(error) && error.status === 404) throw notFound(ref);
    throw error;
  }
}
