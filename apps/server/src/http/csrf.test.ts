import fc from 'fast-check';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.js';
import { installErrorHandling } from './errors.js';
import { CSRF_COOKIE, csrfPreHandler, csrfToken } from './csrf.js';

const ctx = { sealKey: new Uint8Array(32).fill(7), config: loadConfig({ TESSERA_SERVER_PORT: '0' }).config };
const otherServer = { sealKey: new Uint8Array(32).fill(8), config: ctx.config };

async function appFor(keys: typeof ctx): Promise<FastifyInstance> {
  const app = Fastify();
  installErrorHandling(app);
  await app.register(formbody);
  await app.register(cookie);
  app.get('/form', (request, reply) => ({ token: csrfToken(keys, request, reply) }));
  app.post('/form', { preHandler: csrfPreHandler(keys) }, () => ({ ok: true }));
  return app;
}

describe('CSRF tokens', () => {
  let app: FastifyInstance;
  let other: FastifyInstance;
  beforeAll(async () => { app = await appFor(ctx); other = await appFor(otherServer); });
  afterAll(async () => { await app.close(); await other.close(); });

  async function issued(on: FastifyInstance): Promise<{ nonce: string; token: string }> {
    const response = await on.inject({ method: 'GET', url: '/form' });
    const nonce = response.cookies.find((c) => c.name === CSRF_COOKIE)?.value ?? '';
    return { nonce, token: response.json<{ token: string }>().token };
  }

  function post(on: FastifyInstance, nonce: string, fields: Record<string, string>) {
    return on.inject({ method: 'POST', url: '/form', headers: { cookie: `${CSRF_COOKIE}=${nonce}`, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(fields).toString() });
  }

  it('accepts the token made for the cookie, with an HttpOnly SameSite cookie', async () => {
    const response = await app.inject({ method: 'GET', url: '/form' });
    expect(String(response.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Lax/);
    const { nonce, token } = await issued(app);
    expect((await post(app, nonce, { csrf: token })).statusCode).toBe(200);
  });

  it('refuses a missing token, a token for another cookie, and a token made under another key', async () => {
    const mine = await issued(app);
    const theirs = await issued(app);
    const foreign = await issued(other);
    for (const r of [await post(app, mine.nonce, {}), await post(app, mine.nonce, { csrf: theirs.token }), await post(app, foreign.nonce, { csrf: foreign.token })]) {
      expect(r.statusCode).toBe(403);
      expect(r.json()).toMatchObject({ error: { code: 'ERR_CSRF' } });
    }
  });

  it('refuses any forged token (property)', async () => {
    const { nonce, token } = await issued(app);
    await fc.assert(fc.asyncProperty(fc.string({ maxLength: 100 }).filter((s) => s !== token), async (forged) => {
      expect((await post(app, nonce, { csrf: forged })).statusCode).toBe(403);
    }), { numRuns: 50 });
  });
});
