/**
 * Push limits come from the tenant's policy (`push` in `tenants/policy.ts`, set by admins with
 * `PUT /api/admin/policy`): how long an approval lives (default 2 min, never more than 5) and
 * how many pushes an account may receive in a window since its last success (default 5 per
 * 10 min), which is what defeats push fatigue (security.md S17).
 *
 * @module
 */
import type { ServerContext } from '../context.js';
import { DEFAULT_POLICY, getTenantPolicy, type PushPolicy } from '../tenants/policy.js';

export { PUSH_HARD_LIMITS, type PushPolicy } from '../tenants/policy.js';

/** The default push policy. */
export const DEFAULT_PUSH_POLICY: PushPolicy = DEFAULT_POLICY.push;

/** The push policy of `tenantId` (the default for an unknown tenant). */
export async function getPushPolicy(ctx: Pick<ServerContext, 'db'>, tenantId: string): Promise<PushPolicy> {
  return (await getTenantPolicy(ctx, tenantId)).push;
}
