/**
 * The admin API under `/api/admin`, tenant-scoped: the caller's tenant comes from their
 * session, never from the URL or body. Registered in `app.ts` with one line.
 *
 * @module
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ServerContext } from '../context.js';
import { accountAdminRoutes } from './account-routes.js';
import { auditAdminRoutes } from './audit-routes.js';
import { factorAdminRoutes } from './factor-routes.js';
import { tenantAdminRoutes } from './tenant-routes.js';
import { userAdminRoutes } from './user-routes.js';

/** Every admin route. */
export function adminRoutes(ctx: ServerContext): FastifyPluginAsync {
  return async (app) => {
    await app.register(tenantAdminRoutes(ctx));
    await app.register(userAdminRoutes(ctx));
    await app.register(factorAdminRoutes(ctx));
    await app.register(accountAdminRoutes(ctx));
    await app.register(auditAdminRoutes(ctx));
  };
}
