/**
 * CSRF protection for the HTML forms (OWASP "signed double-submit cookie"). A browser gets a
 * random `tessera_csrf` cookie; every form carries an HMAC of that cookie under a key derived
 * from the server's seal key. A cross-site page can neither read the cookie nor compute the
 * HMAC, and an attacker who manages to plant a cookie (a sibling subdomain) still cannot forge
 * the matching token, because the key never leaves the server. The key is derived, not stored,
 * so every instance that shares the seal key accepts the others' tokens.
 *
 * SameSite=Lax on the session cookie is a second layer, not the defence.
 *
 * @module
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ServerContext } from '../context.js';
import { deriveKey, keyedHash } from '../crypto/hmac.js';
import { randomToken, safeEqual } from '../crypto/tokens.js';
import { ServerError } from '../errors.js';

/** Cookie that holds the browser's CSRF nonce. */
export const CSRF_COOKIE = 'tessera_csrf';
/** Form field that carries the token. */
export const CSRF_FIELD = 'csrf';

const keys = new WeakMap<Uint8Array, Uint8Array>();

function csrfKey(ctx: Pick<ServerContext, 'sealKey'>): Uint8Array {
  let key = keys.get(ctx.sealKey);
  if (key === undefined) {
    key = deriveKey(ctx.sealKey, 'tessera-server csrf v1');
    keys.set(ctx.sealKey, key);
  }
  return key;
}

function tokenFor(ctx: Pick<ServerContext, 'sealKey'>, nonce: string): string {
  return keyedHash(csrfKey(ctx), nonce, 'base64url');
}

function cookieNonce(request: FastifyRequest): string | undefined {
  const value = request.cookies[CSRF_COOKIE];
  return typeof value === 'string' && /^[A-Za-z0-9_-]{32,64}$/.test(value) ? value : undefined;
}

/**
 * The CSRF token to put in a form rendered for `request`; sets the nonce cookie when the browser
 * has none yet.
 */
export function csrfToken(ctx: Pick<ServerContext, 'sealKey' | 'config'>, request: FastifyRequest, reply: FastifyReply): string {
  let nonce = cookieNonce(request);
  if (nonce === undefined) {
    nonce = randomToken(32);
    // Remember it on the request too, so a second form rendered in the same answer matches.
    request.cookies[CSRF_COOKIE] = nonce;
    reply.setCookie(CSRF_COOKIE, nonce, {
      path: '/', httpOnly: true, sameSite: 'lax', secure: ctx.config.publicUrl.startsWith('https:'),
    });
  }
  return tokenFor(ctx, nonce);
}

/** Throws `ERR_CSRF` unless the form's token matches the browser's CSRF cookie. */
export function verifyCsrf(ctx: Pick<ServerContext, 'sealKey'>, request: FastifyRequest): void {
  const nonce = cookieNonce(request);
  const body = request.body as Readonly<Record<string, unknown>> | null | undefined;
  const sent = body?.[CSRF_FIELD];
  if (nonce === undefined || typeof sent !== 'string' || !safeEqual(sent, tokenFor(ctx, nonce))) {
    throw new ServerError('ERR_CSRF', 'the form has expired or did not come from this site; reload the page and try again');
  }
}

/** A `preHandler` hook that runs {@link verifyCsrf}: put it on every form POST route. */
export function csrfPreHandler(ctx: Pick<ServerContext, 'sealKey'>): (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void) => void {
  return (request, _reply, done) => {
    try {
      verifyCsrf(ctx, request);
      done();
    } catch (error) {
      done(error as Error);
    }
  };
}
