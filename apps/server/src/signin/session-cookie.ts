/**
 * The browser side of a session: the `tessera_session` cookie (HttpOnly, SameSite=Lax, Secure
 * whenever the server is reached over HTTPS, path `/`, lifetime capped at the session's absolute
 * expiry), and reading the caller's current session from it.
 *
 * @module
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { findSession, type Session } from '../auth/sessions.js';
import { SESSION_COOKIE } from '../auth/principal.js';
import type { ServerContext } from '../context.js';

function secure(ctx: Pick<ServerContext, 'config'>): boolean {
  return ctx.config.publicUrl.startsWith('https:');
}

/** Sets the session cookie to `token` until `expiresAt`. */
export function setSessionCookie(ctx: Pick<ServerContext, 'config' | 'now'>, reply: FastifyReply, token: string, expiresAt: number): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/', httpOnly: true, sameSite: 'lax', secure: secure(ctx),
    maxAge: Math.max(1, Math.floor((expiresAt - ctx.now()) / 1000)),
  });
}

/** Removes the session cookie. */
export function clearSessionCookie(ctx: Pick<ServerContext, 'config'>, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: secure(ctx) });
}

/** The live session named by the request's cookie (full or TAP), if any. */
export async function cookieSession(ctx: Pick<ServerContext, 'db' | 'now' | 'config'>, request: FastifyRequest): Promise<Session | undefined> {
  const token = request.cookies[SESSION_COOKIE];
  if (typeof token !== 'string' || token === '') return undefined;
  return findSession(ctx, token);
}
