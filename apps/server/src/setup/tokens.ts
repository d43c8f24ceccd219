/**
 * First-run setup tokens. A fresh server has no tenant and therefore no admin who could create
 * one, and it must not open an unauthenticated "create the first admin" page to whoever finds
 * it first. Instead `main` prints a one-time link carrying a 256-bit token to the operator's
 * terminal; only the SHA-256 of the token is stored, it lives 24 hours, and consuming it is a
 * single conditional UPDATE, so two racing requests cannot both use it.
 * `tessera-server setup-token` prints another one (to create a further tenant).
 *
 * @module
 */
import type { Kysely } from 'kysely';
import type { ServerContext } from '../context.js';
import { hashToken, newId, randomToken } from '../crypto/tokens.js';
import type { Database } from '../db/schema.js';
import { anyTenantExists } from '../tenants/tenants.js';

/** How long a setup token stays valid. */
export const SETUP_TOKEN_LIFETIME_MS = 24 * 60 * 60_000;

/** A new token, shown once. */
export interface IssuedSetupToken {
  readonly token: string;
  readonly expiresAt: number;
  /** `${publicUrl}/setup?token=…`: what the operator opens. */
  readonly url: string;
}

/**
 * Creates and stores (hashed) a new setup token.
 *
 * @example
 * const { url } = await issueSetupToken(ctx); // print it to the operator, nowhere else
 */
export async function issueSetupToken(ctx: Pick<ServerContext, 'db' | 'now' | 'config'>): Promise<IssuedSetupToken> {
  const token = randomToken(32);
  const now = ctx.now();
  const expiresAt = now + SETUP_TOKEN_LIFETIME_MS;
  await ctx.db.insertInto('setup_tokens').values({ id: newId(), token_hash: hashToken(token), created_at: now, expires_at: expiresAt, used_at: null }).execute();
  return { token, expiresAt, url: `${ctx.config.publicUrl}/setup?token=${token}` };
}

/** On a server without any tenant, a fresh setup token (for `main` to print); otherwise nothing. */
export async function firstStartSetupToken(ctx: Pick<ServerContext, 'db' | 'now' | 'config'>): Promise<IssuedSetupToken | undefined> {
  return (await anyTenantExists(ctx)) ? undefined : issueSetupToken(ctx);
}

function plausible(token: string): boolean {
  return /^[A-Za-z0-9_-]{40,64}$/.test(token);
}

/** Whether `token` is live (unused and unexpired), without using it. */
export async function setupTokenIsLive(ctx: Pick<ServerContext, 'db' | 'now'>, token: string): Promise<boolean> {
  if (!plausible(token)) return false;
  const row = await ctx.db.selectFrom('setup_tokens').select('id')
    .where('token_hash', '=', hashToken(token)).where('used_at', 'is', null).where('expires_at', '>', ctx.now()).executeTakeFirst();
  return row !== undefined;
}

/** Uses `token` up inside `db` (a transaction); true when it was live. At most one caller ever gets true. */
export async function consumeSetupToken(db: Kysely<Database>, now: number, token: string): Promise<boolean> {
  if (!plausible(token)) return false;
  const result = await db.updateTable('setup_tokens').set({ used_at: now })
    .where('token_hash', '=', hashToken(token)).where('used_at', 'is', null).where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
