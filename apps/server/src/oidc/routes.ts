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
import { loadClients } from './clients.js';
import { registerInteractions } from './interactions.js';
import { loadProviderKeys } from './keys.js';
import { createProvider, OIDC_PREFIX } from './provider.js';

const CSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

function setSecurityHeaders(res: ServerResponse, https: boolean): void {
  res.setHeader('content-security-policy', CSP);
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('x-frame-options', 'DENY');
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('cross-origin-opener-policy', 'same-origin');
  res.setHeader('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=()');
  if (https) res.setHeader('strict-transport-security', 'max-age=63072000; includeSubDomains');
}

/** Registers the provider under `/oidc` and the interaction routes. */
export function oidcRoutes(ctx: ServerContext): FastifyPluginAsync {
  return async (app) => {
    const provider = createProvider(ctx, await loadProviderKeys(ctx), loadClients(ctx.config));
    const handle = provider.callback();
    const https = ctx.config.publicUrl.startsWith('https:');

    await app.register((mount) => {
      // The provider reads request bodies itself: leave the stream untouched.
      mount.removeAllContentTypeParsers();
      mount.addContentTypeParser('*', (_request, _payload, done) => { done(null, undefined); });
      const handler = (request: FastifyRequest, reply: FastifyReply): void => {
        reply.hijack();
        setSecurityHeaders(reply.raw, https);
        const raw = request.raw as IncomingMessage & { originalUrl?: string };
        const url = raw.url ?? OIDC_PREFIX;
        // Like Express's mounting: the provider sees its own paths and rebuilds its URLs from originalUrl.
        raw.originalUrl = url;
        raw.url = url.slice(OIDC_PREFIX.length) === '' ? '/' : url.slice(OIDC_PREFIX.length);
        handle(raw, reply.raw);
      };
      mount.all(OIDC_PREFIX, handler);
      mount.all(`${OIDC_PREFIX}/*`, handler);
      return Promise.resolve();
    });
    registerInteractions(ctx, app, provider);
  };
}
