/**
 * Mounts the OpenID Provider inside the Fastify app: everything under `/oidc` (discovery, JWKS,
 * authorization, token, userinfo, device authorization and verification, revocation, sign-out)
 * is handed to oidc-provider untouched — its own body parsing, its own error answers — with the
 * server's security headers set first, since a hijacked reply skips Fastify's hooks. The
 * interaction routes that connect it to Tessera's sign-in live beside it.
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ServerContext } from '../context.js';
import { configuredClients, type ClientMetadata } from './clients.js';
import { registerInteractions } from './interactions.js';
import { endSessionsOnLogout } from './logout.js';
import { loadProviderKeys } from './keys.js';
import { createProvider, OIDC_PREFIX } from './provider.js';

/**
 * The provider's pages post forms whose answer redirects to a client app (sign-out to its
 * post-logout URI, a cancelled device approval back to the app); browsers check `form-action`
 * along that redirect, so the registered clients' origins are allowed there — and only there.
 */
function contentSecurityPolicy(clients: readonly ClientMetadata[]): string {
  const origins = new Set<string>();
  for (const client of clients) {
    for (const key of ['redirect_uris', 'post_logout_redirect_uris']) {
      const uris = client[key];
      if (Array.isArray(uris)) for (const uri of uris) if (typeof uri === 'string' && /^https?:/.test(uri)) origins.add(new URL(uri).origin);
    }
  }
  const formAction = ["'self'", ...origins].join(' ');
  return `default-src 'none'; style-src 'self'; img-src 'self' data:; form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'`;
}

function setSecurityHeaders(res: ServerResponse, csp: string, https: boolean): void {
  res.setHeader('content-security-policy', csp);
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('x-frame-options', 'DENY');
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('cross-origin-opener-policy', 'same-origin');
  res.setHeader('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=()');
  if (https) res.setHeader('strict-transport-security', 'max-age=63072000; includeSubDomains');
}

/**
 * RFC 8628's `verification_uri_complete` (`/device?user_code=…`) makes the provider answer with
 * an auto-submitting page whose inline script our CSP blocks, leaving a blank page. Instead the
 * code travels as `prefill`, which the provider ignores, and our code-entry page shows it filled
 * in: one click on "Continue", and the person still sees the code they are confirming.
 */
export function withPrefilledUserCode(path: string, method: string): string {
  if (method !== 'GET' || !path.startsWith('/device?')) return path;
  const query = new URLSearchParams(path.slice('/device?'.length));
  const code = query.get('user_code');
  if (code === null) return path;
  query.delete('user_code');
  query.set('prefill', code);
  return `/device?${query.toString()}`;
}

/** Registers the provider under `/oidc` and the interaction routes. */
export function oidcRoutes(ctx: ServerContext): FastifyPluginAsync {
  return async (app) => {
    const clients = configuredClients(ctx.config);
    const provider = createProvider(ctx, await loadProviderKeys(ctx), clients);
    const csp = contentSecurityPolicy(clients);
    const handle = provider.callback();
    const https = ctx.config.publicUrl.startsWith('https:');

    await app.register((mount) => {
      // The provider reads request bodies itself: leave the stream untouched.
      mount.removeAllContentTypeParsers();
      mount.addContentTypeParser('*', (_request, _payload, done) => { done(null, undefined); });
      const handler = (request: FastifyRequest, reply: FastifyReply): void => {
        reply.hijack();
        setSecurityHeaders(reply.raw, csp, https);
        const raw = request.raw as IncomingMessage & { originalUrl?: string };
        const url = raw.url ?? OIDC_PREFIX;
        // Like Express's mounting: the provider sees its own paths and rebuilds its URLs from originalUrl.
        const path = withPrefilledUserCode(url.slice(OIDC_PREFIX.length) === '' ? '/' : url.slice(OIDC_PREFIX.length), request.method);
        raw.originalUrl = path === '/' ? OIDC_PREFIX : `${OIDC_PREFIX}${path}`;
        raw.url = path;
        handle(raw, reply.raw);
      };
      mount.all(OIDC_PREFIX, handler);
      mount.all(`${OIDC_PREFIX}/*`, handler);
      return Promise.resolve();
    });
    registerInteractions(ctx, app, provider);
    endSessionsOnLogout(ctx, provider);
    // Expired payloads and unfinished sign-ins are pruned by `housekeeping/`, with everything else.
  };
}
