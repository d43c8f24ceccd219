/**
 * The OpenID Provider (oidc-provider 8) as Tessera configures it. Choices, and why:
 * - authorization code flow only, with PKCE S256 required of every client (OAuth 2.1 / RFC 9700):
 *   no implicit or hybrid flows, no `plain` challenges;
 * - the device authorization grant (RFC 8628) for the CLI;
 * - refresh tokens only for `offline_access` grants that a full session approved: what a
 *   Temporary Access Pass approves (the CLI's device flow) ends with the pass;
 * - no grant is ever reused: every authorization goes through Tessera's interaction, which
 *   creates a fresh grant tied to the Tessera session that approved it (see `interactions.ts`),
 *   so ending that session ends what it approved;
 * - storage, signing keys and cookie keys are shared through the database (several instances);
 * - every page the provider renders uses Tessera's layout (see `device-pages.ts`).
 *
 * @module
 */
import Provider, { type Account, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { ServerContext } from '../context.js';
import { KyselyAdapter } from './adapter.js';
import { grantMayRefresh } from './grants.js';
import type { ClientMetadata } from './clients.js';
import { logoutSource, postLogoutSuccessSource, renderError, successSource, userCodeConfirmSource, userCodeInputSource } from './device-pages.js';
import type { ProviderKeys } from './keys.js';

/** Where the provider is mounted under the public URL. */
export const OIDC_PREFIX = '/oidc';

/** The path of a provider interaction (sign-in and approval) handled by Tessera. */
export function interactionPath(uid: string): string {
  return `/interaction/${encodeURIComponent(uid)}`;
}

async function findAccount(ctx: Pick<ServerContext, 'db'>, sub: string): Promise<Account | undefined> {
  const user = await ctx.db.selectFrom('users').select(['id', 'email', 'display_name', 'status'])
    .where('id', '=', sub).executeTakeFirst();
  if (user?.status !== 'active') return undefined;
  return {
    accountId: user.id,
    claims: () => ({ sub: user.id, email: user.email, email_verified: true, name: user.display_name }),
  };
}

/** The provider configuration (exported for tests that check the policy). */
export function providerConfiguration(ctx: ServerContext, keys: ProviderKeys, clients: readonly ClientMetadata[]): Configuration {
  const secure = ctx.config.publicUrl.startsWith('https:');
  const sessionSeconds = Math.floor(ctx.config.sessionAbsoluteMs / 1000);
  const cookie = { signed: true, httpOnly: true, sameSite: 'lax', secure };
  return {
    adapter: (model: string) => new KyselyAdapter(ctx, model),
    clients: [...clients],
    jwks: { keys: [...keys.jwks.keys] },
    cookies: { keys: [...keys.cookieKeys], long: cookie, short: cookie, names: { session: 'tessera_oidc_session', interaction: 'tessera_oidc_interaction', resume: 'tessera_oidc_resume' } },
    scopes: ['openid', 'offline_access', 'email', 'profile'],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    responseTypes: ['code'],
    // A tenant hint for guests (signin/guest.ts): which organisation the person signs in to.
    extraParams: ['domain_hint'],
    pkce: { methods: ['S256'], required: () => true },
    features: {
      devInteractions: { enabled: false },
      deviceFlow: { enabled: true, charset: 'base-20', mask: '****-****', userCodeInputSource, userCodeConfirmSource, successSource },
      revocation: { enabled: true },
      rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
    },
    // Browsers may call the token and userinfo endpoints only from a client's own origin.
    clientBasedCORS: (_koa: unknown, origin: string, client: { redirectUris?: readonly string[] }) =>
      (client.redirectUris ?? []).some((uri) => URL.canParse(uri) && new URL(uri).origin === origin),
    findAccount: (_koa: unknown, sub: string) => findAccount(ctx, sub),
    issueRefreshToken: async (_koa: unknown, client: { grantTypeAllowed(type: string): boolean }, code: { scopes: Set<string>; grantId?: string }) =>
      client.grantTypeAllowed('refresh_token') && code.scopes.has('offline_access') && code.grantId !== undefined && await grantMayRefresh(ctx, code.grantId),
    interactions: { url: (_koa: unknown, interaction: { uid: string }) => interactionPath(interaction.uid) },
    loadExistingGrant: async (koa: KoaContextWithOIDC) => {
      const grantId = koa.oidc.result?.consent?.grantId;
      return grantId === undefined ? undefined : koa.oidc.provider.Grant.find(grantId);
    },
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      DeviceCode: 600,
      IdToken: 600,
      Interaction: 900,
      Grant: sessionSeconds,
      RefreshToken: sessionSeconds,
      Session: sessionSeconds,
    },
    renderError,
  };
}

/** Builds the provider for this server (issuer = public URL + `/oidc`). */
export function createProvider(ctx: ServerContext, keys: ProviderKeys, clients: readonly ClientMetadata[]): Provider {
  const provider = new Provider(`${ctx.config.publicUrl}${OIDC_PREFIX}`, providerConfiguration(ctx, keys, clients));
  provider.proxy = ctx.config.trustProxy;
  provider.on('server_error', (_koa: unknown, error: unknown) => {
    ctx.log.error({ error: error instanceof Error ? error.name : 'unknown' }, 'OIDC provider error');
  });
  return provider;
}
