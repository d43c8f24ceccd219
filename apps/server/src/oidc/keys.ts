/**
 * The OIDC provider's keys: an RS256 signing key for ID tokens and the keys that sign its
 * cookies. Generated once, stored sealed (AES-256-GCM under the seal key) in `oidc_keys`, and
 * read back by every start and every instance, so tokens signed by one instance verify at
 * another and survive restarts. Concurrent first starts race on one primary key: the loser
 * discards its keys and reads the winner's.
 *
 * @module
 */
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import type { ServerContext } from '../context.js';
import { openSecret, sealSecret } from '../crypto/seal.js';
import { newId, randomToken } from '../crypto/tokens.js';

/** Keys the provider is configured with. */
export interface ProviderKeys {
  readonly jwks: { readonly keys: readonly JWK[] };
  readonly cookieKeys: readonly string[];
}

const KEY_ROW = 'current';
const AAD = `oidc_keys:${KEY_ROW}`;

async function generateKeys(): Promise<ProviderKeys> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true, modulusLength: 2048 });
  const jwk = await exportJWK(privateKey);
  return { jwks: { keys: [{ ...jwk, kid: newId(), alg: 'RS256', use: 'sig' }] }, cookieKeys: [randomToken(32)] };
}

/** Loads the provider's keys, creating them on the very first start. */
export async function loadProviderKeys(ctx: Pick<ServerContext, 'db' | 'now' | 'sealKey'>): Promise<ProviderKeys> {
  const existing = await readKeys(ctx);
  if (existing !== undefined) return existing;
  const fresh = await generateKeys();
  const sealed = sealSecret(ctx.sealKey, new TextEncoder().encode(JSON.stringify(fresh)), AAD);
  await ctx.db.insertInto('oidc_keys').values({ id: KEY_ROW, sealed, created_at: ctx.now() })
    .onConflict((oc) => oc.column('id').doNothing()).execute();
  const stored = await readKeys(ctx);
  if (stored === undefined) throw new Error('the OIDC keys could not be stored');
  return stored;
}

async function readKeys(ctx: Pick<ServerContext, 'db' | 'sealKey'>): Promise<ProviderKeys | undefined> {
  const row = await ctx.db.selectFrom('oidc_keys').select('sealed').where('id', '=', KEY_ROW).executeTakeFirst();
  if (row === undefined) return undefined;
  return JSON.parse(new TextDecoder().decode(openSecret(ctx.sealKey, row.sealed, AAD))) as ProviderKeys;
}
