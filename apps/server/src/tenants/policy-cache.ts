/**
 * Each tenant's policy, kept in memory for a few seconds. Every sign-in, step-up and push reads
 * the policy (which factors are allowed, push limits), and it changes perhaps once a month, so
 * reading it from the database on every request was pure overhead on the hot paths.
 *
 * A change must still apply at once, so the cache is invalidated through the event bus: saving a
 * policy publishes `tenant.policy` with the tenant's id; the instance that saved it drops its
 * entry before the save returns (the bus delivers locally at once), and every other instance
 * drops it when PostgreSQL delivers the NOTIFY, milliseconds after the commit. Should that
 * message be lost (the listening connection dropped), the bus tells subscribers it reconnected
 * and the whole cache is dropped; the short lifetime ({@link POLICY_CACHE_TTL_MS}) bounds what
 * anything else could leave stale. A read that raced an invalidation is not kept (a generation
 * count), so a policy read before a change can never outlive the change's message.
 *
 * One cache per event bus, i.e. per server instance (contexts derived from one share it).
 *
 * @module
 */
import type { EventBus } from '../events/bus.js';

/** How long a cached policy is used before it is read again (ms). */
export const POLICY_CACHE_TTL_MS = 5_000;
/** The bus channel that announces a policy change (payload `{ tenantId }`). */
export const POLICY_CHANGED_CHANNEL = 'tenant.policy';

interface Entry<T> {
  readonly value: T;
  readonly until: number;
}

interface Cache {
  readonly entries: Map<string, Entry<unknown>>;
  generation: number;
}

const caches = new WeakMap<EventBus, Cache>();

function cacheFor(events: EventBus): Cache {
  const cache = caches.get(events);
  if (cache !== undefined) return cache;
  const created: Cache = { entries: new Map(), generation: 0 };
  events.subscribe(POLICY_CHANGED_CHANNEL, (payload) => {
    created.generation += 1;
    const tenantId = payload['tenantId'];
    if (typeof tenantId === 'string') created.entries.delete(tenantId);
    else created.entries.clear();
  });
  caches.set(events, created);
  return created;
}

/**
 * The cached value for `tenantId`, or `load()`'s result (kept for {@link POLICY_CACHE_TTL_MS}
 * unless a change was announced while it loaded).
 *
 * @example
 * ```ts
 * const policy = await cachedPolicy(ctx.events, tenantId, () => readPolicy(ctx, tenantId));
 * ```
 */
export async function cachedPolicy<T>(events: EventBus, tenantId: string, load: () => Promise<T>): Promise<T> {
  const cache = cacheFor(events);
  const now = Date.now();
  const hit = cache.entries.get(tenantId);
  if (hit !== undefined && hit.until > now) return hit.value as T;
  const generation = cache.generation;
  const value = await load();
  if (cache.generation === generation) cache.entries.set(tenantId, { value, until: now + POLICY_CACHE_TTL_MS });
  return value;
}

/**
 * Announces that `tenantId`'s policy changed, on every instance. Call after the change committed.
 *
 * @example
 * ```ts
 * await announcePolicyChange(ctx.events, tenantId);
 * ```
 */
export async function announcePolicyChange(events: EventBus, tenantId: string): Promise<void> {
  // Subscribe first, so this instance's cache exists and drops its entry even if it never read one.
  cacheFor(events);
  await events.publish(POLICY_CHANGED_CHANNEL, { tenantId });
}
