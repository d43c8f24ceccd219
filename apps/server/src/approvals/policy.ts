/**
 * Push limits of a tenant (security.md S17): how long an approval lives (default 2 min, never
 * more than 5) and how many pushes an account may receive in a window since its last success
 * (default 5 per 10 min), which is what defeats push fatigue. Read from the `push` member of the
 * tenant's stored policy; anything missing or out of range falls back to the safe default, so a
 * policy can only tighten within the hard limits.
 *
 * @module
 */
import type { ServerContext } from '../context.js';

/** A tenant's push settings. */
export interface PushPolicy {
  /** Pushes allowed per window since the last successful approval. */
  readonly maxPerWindow: number;
  readonly windowMinutes: number;
  /** Lifetime of one approval. */
  readonly approvalLifetimeSeconds: number;
}

/** The default push policy. */
export const DEFAULT_PUSH_POLICY: PushPolicy = Object.freeze({ maxPerWindow: 5, windowMinutes: 10, approvalLifetimeSeconds: 120 });

/** Bounds no tenant can leave. */
export const PUSH_HARD_LIMITS = Object.freeze({
  maxPerWindow: [1, 20], windowMinutes: [1, 60], approvalLifetimeSeconds: [30, 300],
} as const satisfies Record<keyof PushPolicy, readonly [number, number]>);

function within(value: unknown, [min, max]: readonly [number, number], fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max ? value : fallback;
}

/** Reads the push member of a stored policy object. */
export function parsePushPolicy(stored: unknown): PushPolicy {
  const push = typeof stored === 'object' && stored !== null && !Array.isArray(stored) ? (stored as Record<string, unknown>) : {};
  const d = DEFAULT_PUSH_POLICY;
  return {
    maxPerWindow: within(push['maxPerWindow'], PUSH_HARD_LIMITS.maxPerWindow, d.maxPerWindow),
    windowMinutes: within(push['windowMinutes'], PUSH_HARD_LIMITS.windowMinutes, d.windowMinutes),
    approvalLifetimeSeconds: within(push['approvalLifetimeSeconds'], PUSH_HARD_LIMITS.approvalLifetimeSeconds, d.approvalLifetimeSeconds),
  };
}

/** The push policy of `tenantId` (the default for an unknown tenant or unreadable policy). */
export async function getPushPolicy(ctx: Pick<ServerContext, 'db'>, tenantId: string): Promise<PushPolicy> {
  const row = await ctx.db.selectFrom('tenants').select('policy').where('id', '=', tenantId).executeTakeFirst();
  if (row === undefined) return DEFAULT_PUSH_POLICY;
  try {
    const stored = JSON.parse(row.policy) as unknown;
    return parsePushPolicy(typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>)['push'] : undefined);
  } catch {
    return DEFAULT_PUSH_POLICY;
  }
}
