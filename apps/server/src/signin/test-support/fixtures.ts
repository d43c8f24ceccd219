/**
 * Fixtures for the sign-in, page and OIDC tests: a tenant with a user who has a password and a
 * TOTP app (enrolled through the real begin/confirm path), an admin, and a small cookie-keeping
 * client over `app.inject` that behaves like a browser submitting forms.
 */
import { decodeBase32, generateTotp } from '@tessera/core';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../app.js';
import type { TestDatabase } from '../../db/test-support/dialects.js';
import { beginTotpEnrollment, confirmTotpEnrollment } from '../../factors/index.js';
import { hashPassword } from '../../passwords/index.js';
import { createTestContext, seedTenant, seedUser, type TestContext } from '../../test-support/context.js';

/** The password every fixture user has. */
export const PASSWORD = 'correct horse battery staple 42';

/** A signed-up user and an app to sign in to. */
export interface SignInFixture {
  readonly ctx: TestContext;
  readonly app: FastifyInstance;
  readonly tenantId: string;
  readonly domain: string;
  readonly userId: string;
  readonly email: string;
  readonly adminId: string;
  readonly totpSecret: string;
  readonly totpMethodId: string;
}

let counter = 0;

/** The code an authenticator holding `secretBase32` shows now (by the test clock). */
export function totpNow(ctx: TestContext, secretBase32: string): string {
  return generateTotp({ secret: decodeBase32(secretBase32), timestamp: ctx.now() });
}

/** Builds the fixture; `env` adds configuration. Close `app` afterwards. */
export async function signInFixture(database: TestDatabase, env: Record<string, string> = {}): Promise<SignInFixture> {
  const ctx = createTestContext(database, env);
  const { tenantId, domain } = await seedTenant(ctx);
  counter += 1;
  const email = `ada${counter}@${domain}`;
  const userId = await seedUser(ctx, tenantId, email, { passwordHash: await hashPassword(ctx, PASSWORD) });
  const adminId = await seedUser(ctx, tenantId, `admin${counter}@${domain}`, { role: 'admin', passwordHash: await hashPassword(ctx, PASSWORD) });
  const begun = beginTotpEnrollment(ctx, { tenantId, userId, email });
  const totpMethodId = await confirmTotpEnrollment(ctx, { tenantId, userId, enrollmentToken: begun.enrollmentToken, code: totpNow(ctx, begun.secretBase32), viaTap: false });
  // The enrolment code's step is used up: move on so sign-ins have a fresh step.
  ctx.advance(30_000);
  const app = await buildApp(ctx);
  return { ctx, app, tenantId, domain, userId, email, adminId, totpSecret: begun.secretBase32, totpMethodId };
}

/** The CSRF token in the first form of `html`. */
export function csrfIn(html: string): string {
  const match = /name="csrf" value="([^"]+)"/.exec(html);
  if (match?.[1] === undefined) throw new Error('no CSRF field on the page');
  return match[1];
}

/** A browser-like client: keeps cookies, posts forms. */
export class FormClient {
  readonly cookies = new Map<string, string>();
  private readonly app: FastifyInstance;

  constructor(app: FastifyInstance) {
    this.app = app;
  }

  private keep(response: LightMyRequestResponse): LightMyRequestResponse {
    for (const c of response.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      const gone = c.maxAge === 0 || (c.expires !== undefined && c.expires.getTime() < Date.now()) || c.value === '';
      if (gone) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    return response;
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /** GET `url`. */
  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    return this.keep(await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader(), ...headers } }));
  }

  /** POSTs a URL-encoded form. */
  async post(url: string, fields: Record<string, string>): Promise<LightMyRequestResponse> {
    return this.keep(await this.app.inject({
      method: 'POST', url, payload: new URLSearchParams(fields).toString(),
      headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
    }));
  }

  /** GETs `pageUrl`, then posts `fields` plus that page's CSRF token to `action`. */
  async submit(pageUrl: string, action: string, fields: Record<string, string>): Promise<LightMyRequestResponse> {
    const page = await this.get(pageUrl);
    return this.post(action, { csrf: csrfIn(page.body), ...fields });
  }

  /** Password then TOTP; returns the final response (a redirect on success). */
  async signIn(f: SignInFixture, options: { interaction?: string; code?: string } = {}): Promise<LightMyRequestResponse> {
    const extra = options.interaction === undefined ? {} : { interaction: options.interaction };
    const first = await this.submit(options.interaction === undefined ? '/signin' : `/signin?interaction=${options.interaction}`, '/signin', { email: f.email, password: PASSWORD, ...extra });
    if (first.statusCode !== 303) return first;
    const factor = await this.get('/signin/factor');
    return this.post('/signin/factor', { csrf: csrfIn(factor.body), methodId: f.totpMethodId, code: options.code ?? totpNow(f.ctx, f.totpSecret) });
  }
}
