import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { forEachDialect } from '../db/test-support/dialects.js';
import { memoryBus, type EventBus, type EventPayload } from '../events/bus.js';
import { postgresBus } from '../events/postgres-bus.js';
import { createTestContext, seedTenant, type TestContext } from '../test-support/context.js';
import { cachedPolicy, POLICY_CACHE_TTL_MS, POLICY_CHANGED_CHANNEL } from './policy-cache.js';
import { DEFAULT_POLICY, getTenantPolicy, setTenantPolicy } from './policy.js';

const NO_TOTP = { ...DEFAULT_POLICY, methods: { totp: false, email: true, sms: true } };

/** Resolves with the next event on `channel` of `bus`. */
function nextEvent(bus: EventBus, channel: string): Promise<EventPayload> {
  return new Promise((resolve) => {
    const stop = bus.subscribe(channel, (payload) => { stop(); resolve(payload); });
  });
}

forEachDialect('tenant policy cache across two instances on one database', (get, dialect) => {
  let a: TestContext;
  let b: TestContext;
  let buses: EventBus[] = [];

  beforeEach(async () => {
    const database = get();
    // Two server instances: on PostgreSQL each has its own LISTEN/NOTIFY bus; SQLite runs one
    // instance, so there the two contexts share its in-memory bus.
    const shared = memoryBus();
    const busA = dialect === 'postgres' ? await postgresBus({ connectionString: database.url, db: database.db }) : shared;
    const busB = dialect === 'postgres' ? await postgresBus({ connectionString: database.url, db: database.db }) : shared;
    buses = [busA, busB];
    a = { ...createTestContext(database), events: busA };
    b = { ...createTestContext(database), events: busB };
  });
  afterEach(async () => {
    for (const bus of new Set(buses)) await bus.close();
  });

  it('a change saved on one instance applies on the other as soon as its message arrives', async () => {
    const { tenantId } = await seedTenant(a);
    expect((await getTenantPolicy(b, tenantId)).methods.totp).toBe(true);
    expect((await getTenantPolicy(a, tenantId)).methods.totp).toBe(true);
    const heard = nextEvent(b.events, POLICY_CHANGED_CHANNEL);
    await setTenantPolicy(a, tenantId, NO_TOTP);
    // The saving instance never serves the old policy after the save returns.
    expect((await getTenantPolicy(a, tenantId)).methods.totp).toBe(false);
    expect(await heard).toEqual({ tenantId });
    expect((await getTenantPolicy(b, tenantId)).methods.totp).toBe(false);
  });

  it('serves a cached policy within its lifetime, and only the changed tenant is read again', async () => {
    const one = await seedTenant(a, 'One');
    const two = await seedTenant(a, 'Two');
    await getTenantPolicy(b, one.tenantId);
    await getTenantPolicy(b, two.tenantId);
    // Written behind the cache's back (no announcement): still the cached value.
    await a.db.updateTable('tenants').set({ policy: JSON.stringify(NO_TOTP) }).where('id', 'in', [one.tenantId, two.tenantId]).execute();
    expect((await getTenantPolicy(b, one.tenantId)).methods.totp).toBe(true);
    const heard = nextEvent(b.events, POLICY_CHANGED_CHANNEL);
    await setTenantPolicy(a, one.tenantId, NO_TOTP);
    await heard;
    expect((await getTenantPolicy(b, one.tenantId)).methods.totp).toBe(false);
    expect((await getTenantPolicy(b, two.tenantId)).methods.totp).toBe(true);
  });

  it('without an event bus, every read goes to the database', async () => {
    const { tenantId } = await seedTenant(a);
    const plain = { db: a.db };
    expect((await getTenantPolicy(plain, tenantId)).methods.totp).toBe(true);
    await setTenantPolicy(plain, tenantId, NO_TOTP);
    expect((await getTenantPolicy(plain, tenantId)).methods.totp).toBe(false);
  });
});

it('a read that raced a change is not kept, so it cannot outlive the change', async () => {
  const bus = memoryBus();
  let release: (value: string) => void = () => undefined;
  const slow = cachedPolicy(bus, 't1', () => new Promise<string>((resolve) => { release = resolve; }));
  await bus.publish(POLICY_CHANGED_CHANNEL, { tenantId: 't1' });
  release('old');
  expect(await slow).toBe('old');
  expect(await cachedPolicy(bus, 't1', () => Promise.resolve('new'))).toBe('new');
  expect(await cachedPolicy(bus, 't1', () => Promise.resolve('newer'))).toBe('new');
});

it('a bus reconnect (messages may have been lost) drops every cached policy', async () => {
  const bus = memoryBus();
  await cachedPolicy(bus, 't1', () => Promise.resolve(1));
  await cachedPolicy(bus, 't2', () => Promise.resolve(1));
  await bus.publish(POLICY_CHANGED_CHANNEL, { reconnected: true });
  expect(await cachedPolicy(bus, 't1', () => Promise.resolve(2))).toBe(2);
  expect(await cachedPolicy(bus, 't2', () => Promise.resolve(2))).toBe(2);
});

it('a cached policy is read again after its lifetime', async () => {
  const bus = memoryBus();
  const start = Date.now();
  const clock = vi.spyOn(Date, 'now').mockReturnValue(start);
  try {
    await cachedPolicy(bus, 't1', () => Promise.resolve(1));
    clock.mockReturnValue(start + POLICY_CACHE_TTL_MS - 1);
    expect(await cachedPolicy(bus, 't1', () => Promise.resolve(2))).toBe(1);
    clock.mockReturnValue(start + POLICY_CACHE_TTL_MS);
    expect(await cachedPolicy(bus, 't1', () => Promise.resolve(3))).toBe(3);
  } finally {
    clock.mockRestore();
  }
});
