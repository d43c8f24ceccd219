/**
 * Which second-factor kinds a tenant allows. Registration refuses a disabled kind, and the
 * sign-in page does not offer it; methods registered before the policy changed stay listed so
 * the user can see and remove them.
 *
 * @module
 */
import type { ServerContext } from '../context.js';
import { ServerError } from '../errors.js';
import { getTenantPolicy } from '../tenants/policy.js';
import type { MethodKind } from './methods.js';

/**
 * Whether the tenant's policy allows `kind`.
 *
 * @example
 * ```ts
 * if (await methodAllowed(ctx, tenantId, 'sms')) offerSms();
 * ```
 */
export async function methodAllowed(ctx: ServerContext, tenantId: string, kind: MethodKind): Promise<boolean> {
  const policy = await getTenantPolicy(ctx, tenantId);
  return policy.methods[kind];
}

/**
 * Throws unless the tenant's policy allows registering `kind`.
 *
 * @throws {ServerError} `ERR_FORBIDDEN` when the policy disables the kind.
 */
export async function assertMethodAllowed(ctx: ServerContext, tenantId: string, kind: MethodKind): Promise<void> {
  if (!(await methodAllowed(ctx, tenantId, kind))) {
    throw new ServerError('ERR_FORBIDDEN', `your organisation does not allow ${kind} sign-in methods`);
  }
}
