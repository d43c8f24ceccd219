/**
 * A tenant's policy: which second factors its users may register, the limits of Temporary
 * Access Passes (security.md S19: one-time by default, 1 h default lifetime, 10 min – 8 h), the
 * limits of push approval (S17: approvals live 2 min by default, never more than 5; at most 5
 * pushes per 10 min since the last success) and whether work OATH secrets may go into personal
 * backups. Stored as JSON in `tenants.policy`;
 * reading merges the stored object over {@link DEFAULT_POLICY}, so a policy written by an older
 * server still reads whole and new settings start at their safe default. Reads through a context
 * with an event bus are cached for a few seconds and invalidated on change (`policy-cache.ts`).
 *
 * @module
 */
import type { ServerContext } from '../context.js';
import { ServerError } from '../errors.js';
import { announcePolicyChange, cachedPolicy } from './policy-cache.js';

/** Temporary Access Pass settings. */
export interface TapPolicy {
  readonly defaultLifetimeMinutes: number;
  readonly minLifetimeMinutes: number;
  readonly maxLifetimeMinutes: number;
  readonly oneTimeDefault: boolean;
  /** Characters in a pass. */
  readonly length: number;
}

/** Push approval settings (security.md S17). */
export interface PushPolicy {
  /** Pushes an account may receive per window since its last successful approval. */
  readonly maxPerWindow: number;
  readonly windowMinutes: number;
  /** Lifetime of one approval. */
  readonly approvalLifetimeSeconds: number;
}

/** Everything an admin can set for the tenant. */
export interface TenantPolicy {
  /** May users put work OATH secrets into their personal encrypted backups? */
  readonly allowWorkSecretBackup: boolean;
  readonly tap: TapPolicy;
  /** Which second factors users may register. */
  readonly methods: { readonly totp: boolean; readonly email: boolean; readonly sms: boolean };
  readonly push: PushPolicy;
}

/** The policy of a new tenant. */
export const DEFAULT_POLICY: TenantPolicy = Object.freeze({
  allowWorkSecretBackup: false,
  tap: Object.freeze({ defaultLifetimeMinutes: 60, minLifetimeMinutes: 10, maxLifetimeMinutes: 480, oneTimeDefault: true, length: 16 }),
  methods: Object.freeze({ totp: true, email: true, sms: true }),
  push: Object.freeze({ maxPerWindow: 5, windowMinutes: 10, approvalLifetimeSeconds: 120 }),
});

/** Hard caps no tenant policy can exceed (Entra's TAP ceiling is 30 days; passes ≥ 12 characters ≈ 64+ bits). */
export const TAP_HARD_LIMITS = Object.freeze({ minLifetimeMinutes: 10, maxLifetimeMinutes: 30 * 24 * 60, minLength: 12, maxLength: 48 });

/** Bounds no tenant's push policy can leave: an approval never lives past 5 minutes (S17 asks ≤ 10). */
export const PUSH_HARD_LIMITS = Object.freeze({
  maxPerWindow: [1, 20], windowMinutes: [1, 60], approvalLifetimeSeconds: [30, 300],
} as const satisfies Record<keyof PushPolicy, readonly [number, number]>);

const bounded = ([minimum, maximum]: readonly [number, number]) => ({ type: 'integer', minimum, maximum }) as const;

const minutes = { type: 'integer', minimum: TAP_HARD_LIMITS.minLifetimeMinutes, maximum: TAP_HARD_LIMITS.maxLifetimeMinutes } as const;

/** JSON schema of a whole policy (PUT /api/admin/policy): every field required, nothing else allowed. */
export const tenantPolicySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['allowWorkSecretBackup', 'tap', 'methods', 'push'],
  properties: {
    allowWorkSecretBackup: { type: 'boolean' },
    tap: {
      type: 'object',
      additionalProperties: false,
      required: ['defaultLifetimeMinutes', 'minLifetimeMinutes', 'maxLifetimeMinutes', 'oneTimeDefault', 'length'],
      properties: {
        defaultLifetimeMinutes: minutes,
        minLifetimeMinutes: minutes,
        maxLifetimeMinutes: minutes,
        oneTimeDefault: { type: 'boolean' },
        length: { type: 'integer', minimum: TAP_HARD_LIMITS.minLength, maximum: TAP_HARD_LIMITS.maxLength },
      },
    },
    methods: {
      type: 'object',
      additionalProperties: false,
      required: ['totp', 'email', 'sms'],
      properties: { totp: { type: 'boolean' }, email: { type: 'boolean' }, sms: { type: 'boolean' } },
    },
    push: {
      type: 'object',
      additionalProperties: false,
      required: ['maxPerWindow', 'windowMinutes', 'approvalLifetimeSeconds'],
      properties: {
        maxPerWindow: bounded(PUSH_HARD_LIMITS.maxPerWindow),
        windowMinutes: bounded(PUSH_HARD_LIMITS.windowMinutes),
        approvalLifetimeSeconds: bounded(PUSH_HARD_LIMITS.approvalLifetimeSeconds),
      },
    },
  },
} as const;

/** Checks the rules a schema cannot express; throws `ERR_VALIDATION`. */
export function assertPolicyConsistent(policy: TenantPolicy): void {
  const { tap, methods } = policy;
  if (!(tap.minLifetimeMinutes <= tap.defaultLifetimeMinutes && tap.defaultLifetimeMinutes <= tap.maxLifetimeMinutes)) {
    throw new ServerError('ERR_VALIDATION', 'TAP lifetimes must satisfy min ≤ default ≤ max');
  }
  if (!methods.totp && !methods.email && !methods.sms) throw new ServerError('ERR_VALIDATION', 'at least one second factor must stay allowed');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function within(stored: Record<string, unknown>, key: keyof PushPolicy, fallback: number): number {
  const value = stored[key];
  const [min, max] = PUSH_HARD_LIMITS[key];
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max ? value : fallback;
}

function pick<T>(stored: Record<string, unknown>, key: string, fallback: T): T {
  const value = stored[key];
  return typeof value === typeof fallback ? (value as T) : fallback;
}

/** Reads a stored policy JSON text, filling in defaults for anything missing or mistyped. */
export function parsePolicy(text: string): TenantPolicy {
  let stored: unknown;
  try {
    stored = JSON.parse(text);
  } catch {
    stored = {};
  }
  const root = isRecord(stored) ? stored : {};
  const tap = isRecord(root['tap']) ? root['tap'] : {};
  const methods = isRecord(root['methods']) ? root['methods'] : {};
  const push = isRecord(root['push']) ? root['push'] : {};
  const d = DEFAULT_POLICY;
  const policy: TenantPolicy = {
    allowWorkSecretBackup: pick(root, 'allowWorkSecretBackup', d.allowWorkSecretBackup),
    tap: {
      defaultLifetimeMinutes: pick(tap, 'defaultLifetimeMinutes', d.tap.defaultLifetimeMinutes),
      minLifetimeMinutes: pick(tap, 'minLifetimeMinutes', d.tap.minLifetimeMinutes),
      maxLifetimeMinutes: pick(tap, 'maxLifetimeMinutes', d.tap.maxLifetimeMinutes),
      oneTimeDefault: pick(tap, 'oneTimeDefault', d.tap.oneTimeDefault),
      length: pick(tap, 'length', d.tap.length),
    },
    methods: { totp: pick(methods, 'totp', d.methods.totp), email: pick(methods, 'email', d.methods.email), sms: pick(methods, 'sms', d.methods.sms) },
    push: {
      maxPerWindow: within(push, 'maxPerWindow', d.push.maxPerWindow),
      windowMinutes: within(push, 'windowMinutes', d.push.windowMinutes),
      approvalLifetimeSeconds: within(push, 'approvalLifetimeSeconds', d.push.approvalLifetimeSeconds),
    },
  };
  try {
    assertPolicyConsistent(policy);
    return policy;
  } catch {
    return { ...policy, tap: d.tap };
  }
}

/** Where the policy is read from; with `events`, reads are cached and changes announced. */
type PolicyCtx = Pick<ServerContext, 'db'> & { readonly events?: ServerContext['events'] };

async function readPolicy(ctx: PolicyCtx, tenantId: string): Promise<TenantPolicy> {
  const row = await ctx.db.selectFrom('tenants').select('policy').where('id', '=', tenantId).executeTakeFirst();
  return row === undefined ? DEFAULT_POLICY : parsePolicy(row.policy);
}

/** The tenant's policy (the default policy for an unknown tenant, which has no users to apply it to). */
export async function getTenantPolicy(ctx: PolicyCtx, tenantId: string): Promise<TenantPolicy> {
  if (ctx.events === undefined) return readPolicy(ctx, tenantId);
  return cachedPolicy(ctx.events, tenantId, () => readPolicy(ctx, tenantId));
}

/** Replaces the tenant's policy after checking it, and announces the change to every instance's cache. */
export async function setTenantPolicy(ctx: PolicyCtx, tenantId: string, policy: TenantPolicy): Promise<void> {
  assertPolicyConsistent(policy);
  await ctx.db.updateTable('tenants').set({ policy: JSON.stringify(policy) }).where('id', '=', tenantId).execute();
  if (ctx.events !== undefined) await announcePolicyChange(ctx.events, tenantId);
}
