import { expect, it, vi } from 'vitest';
import { buildApp } from '../app.js';
import type { Logger } from '../context.js';
import { forEachDialect } from '../db/test-support/dialects.js';
import { createTestContext } from '../test-support/context.js';
import type { PruneCounts } from './prune.js';
import { THROTTLE_IDLE_MS } from './retention.js';
import { startHousekeeping } from './scheduler.js';

function timers(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
}

function capturingLogger(): Logger & { warnings: Record<string, unknown>[] } {
  const warnings: Record<string, unknown>[] = [];
  return { info: () => undefined, error: () => undefined, warn: (fields) => { warnings.push(fields); }, warnings };
}

forEachDialect('housekeeping scheduler', (get) => {
  it('runs with the app and stops when it closes, leaving no timer behind', async () => {
    const ctx = createTestContext(get());
    await ctx.db.insertInto('throttle').values({ subject: 'stale@example.test', failures: 2, blocked_until: 0, last_failure_at: ctx.now() - THROTTLE_IDLE_MS - 1 }).execute();
    const before = timers();
    const passes: PruneCounts[] = [];
    const app = await buildApp(ctx, { housekeeping: { intervalMs: 20, onPass: (counts) => passes.push(counts) } });
    await vi.waitFor(() => { expect(passes.length).toBeGreaterThanOrEqual(2); }, { timeout: 5_000, interval: 10 });
    expect(passes[0]?.throttle).toBe(1);
    expect(await ctx.db.selectFrom('throttle').select('subject').where('subject', '=', 'stale@example.test').executeTakeFirst()).toBeUndefined();
    await app.close();
    const after = passes.length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(passes.length).toBe(after);
    expect(timers()).toBeLessThanOrEqual(before);
  });

  it('comes back soon while a backlog remains, then waits the interval', async () => {
    const ctx = createTestContext(get());
    await ctx.db.insertInto('throttle').values(Array.from({ length: 25 }, (_, i) => ({ subject: `backlog-${i}@example.test`, failures: 1, blocked_until: 0, last_failure_at: ctx.now() - THROTTLE_IDLE_MS - 1 }))).execute();
    const passes: PruneCounts[] = [];
    const housekeeping = startHousekeeping(ctx, { intervalMs: 30, backlogDelayMs: 1, batchSize: 10, onPass: (counts) => passes.push(counts) });
    await vi.waitFor(() => { expect(passes.length).toBeGreaterThanOrEqual(3); }, { timeout: 5_000, interval: 5 });
    await housekeeping.stop();
    expect(passes.slice(0, 3).map((c) => c.throttle)).toEqual([10, 10, 5]);
  });

  it('logs a failing pass by error name only and keeps going', async () => {
    const log = capturingLogger();
    const ctx = { ...createTestContext(get()), log, now: (): number => { throw new RangeError('clock broke: secret detail'); } };
    const housekeeping = startHousekeeping(ctx, { intervalMs: 10 });
    await vi.waitFor(() => { expect(log.warnings.length).toBeGreaterThanOrEqual(2); }, { timeout: 5_000, interval: 5 });
    await housekeeping.stop();
    expect(log.warnings[0]).toEqual({ error: 'RangeError' });
    expect(JSON.stringify(log.warnings)).not.toContain('secret');
  });
});
