/**
 * The Fastify app factory. Tests build it in-process and talk to it with `inject`; `main` builds
 * the same app and listens. Everything the app needs comes in through the {@link ServerContext}.
 *
 * Request hygiene is set here once: a small body limit, JSON schemas that reject unknown fields
 * (no coercion, no silent removal), URL-encoded forms for the no-JavaScript pages, cookies,
 * security headers on every answer and one error handler.
 *
 * @module
 */
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance } from 'fastify';
import { adminRoutes } from './admin/routes.js';
import { approvalRoutes } from './approvals/routes.js';
import type { ServerContext } from './context.js';
import { deviceAdminRoutes } from './devices/admin-routes.js';
import { deviceRoutes } from './devices/routes.js';
import { guestAdminRoutes } from './guests/admin-routes.js';
import { myMethodsRoutes } from './factors/routes.js';
import { housekeepingPlugin, type HousekeepingOptions } from './housekeeping/index.js';
import { installErrorHandling } from './http/errors.js';
import { installSecurityHeaders } from './http/security-headers.js';
import { mePageRoutes } from './me/routes.js';
import { oidcRoutes } from './oidc/routes.js';
import { stylesRoutes } from './pages/styles.js';
import { setupRoutes } from './setup/routes.js';
import { guestSignInRoutes } from './signin/guest-routes.js';
import { signinRoutes } from './signin/routes.js';
import { signinPushRoutes } from './signin/push-routes.js';
import { stepUpRoutes } from './stepup/routes.js';
import { passwordRoutes } from './users/password-routes.js';

/** Options for {@link buildApp}. */
export interface BuildAppOptions {
  /** Fastify's logger; `false` in tests. Secrets are redacted from request logs either way. */
  readonly logger?: boolean;
  /** Housekeeping schedule; tests shorten it. */
  readonly housekeeping?: HousekeepingOptions;
}

/** Builds the server app (not listening). Close it with `app.close()`. */
export async function buildApp(ctx: ServerContext, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger === true
      ? { level: ctx.config.logLevel, redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'], censor: '[redacted]' } }
      : false,
    bodyLimit: ctx.config.bodyLimit,
    trustProxy: ctx.config.trustProxy,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: true, allErrors: false } },
    return503OnClosing: true,
  });
  installSecurityHeaders(app, ctx.config.publicUrl.startsWith('https:'));
  installErrorHandling(app);
  await app.register(formbody, { bodyLimit: ctx.config.bodyLimit });
  await app.register(cookie);

  app.get('/healthz', () => ({ ok: true }));
  // Capabilities register below, one line each.
  await app.register(stylesRoutes());
  await app.register(signinRoutes(ctx));
  await app.register(signinPushRoutes(ctx));
  await app.register(mePageRoutes(ctx));
  await app.register(oidcRoutes(ctx));
  await app.register(myMethodsRoutes(ctx));
  await app.register(adminRoutes(ctx));
  await app.register(setupRoutes(ctx));
  await app.register(passwordRoutes(ctx));
  await app.register(deviceRoutes(ctx));
  await app.register(deviceAdminRoutes(ctx));
  await app.register(approvalRoutes(ctx));
  await app.register(stepUpRoutes(ctx));
  await app.register(guestAdminRoutes(ctx));
  await app.register(guestSignInRoutes(ctx));
  // Background pruning of dead rows; stops when the app closes.
  await app.register(housekeepingPlugin(ctx, options.housekeeping));
  return app;
}
