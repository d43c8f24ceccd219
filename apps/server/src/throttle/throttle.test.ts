import { expect, it } from 'vitest';
import { forEachDialect } from '../db/test-support/dialects.js';
import { isServerError } from '../errors.js';
import { createTestContext, seedTenant, seedUser, type TestContext } from '../test-support/context.js';
import { assertNotThrottled, backoffMs, LOCK_FAILURES, recordFailure, recordSuccess, throttleState, unlockSubject } from './throttle.js';

async function throttled(ctx: TestContext, subject: string): Promise<number | undefined> {
  try {
    await assertNotThrottled(ctx, subject);
    return undefined;
  } catch (error) {
    if (!isServerError(error, 'ERR_THROTTLED')) throw error;
    return error.details?.['retryAfterSeconds'] as number;
  }
}

it('back-off: 5 free failures, then 30 s doubling up to 1 h', () => {
  expect([1, 5, 6, 7, 8, 11, 12, 13, 99].map(backoffMs)).toEqual([0, 0, 30_000, 60_000, 120_000, 960_000, 1_920_000, 3_600_000, 3_600_000]);
});

forEachDialect('throttle', (get) => {
  it('grows the back-off with consecutive failures', async () => {
    const ctx = createTestContext(get());
    const subject = 'grow@example.test';
    for (let i = 0; i < 5; i++) await recordFailure(ctx, subject);
    expect(await throttled(ctx, subject)).toBeUndefined();
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      await recordFailure(ctx, subject);
      const wait = await throttled(ctx, subject);
      expect(wait).toBeDefined();
      waits.push(wait ?? 0);
      ctx.advance((wait ?? 0) * 1000);
      expect(await throttled(ctx, subject)).toBeUndefined();
    }
    expect(waits).toEqual([30, 60, 120, 240]);
  });

  it('locks at 100 consecutive failures until an admin unlocks', async () => {
    const ctx = createTestContext(get());
    const subject = 'lock@example.test';
    for (let i = 0; i < LOCK_FAILURES - 1; i++) await recordFailure(ctx, subject);
    ctx.advance(2 * 3_600_000);
    expect(await throttled(ctx, subject)).toBeUndefined();
    await recordFailure(ctx, subject);
    expect((await throttleState(ctx, subject)).locked).toBe(true);
    ctx.advance(30 * 24 * 3_600_000);
    expect(await throttled(ctx, subject)).toBeDefined();
    await unlockSubject(ctx, subject);
    expect(await throttled(ctx, subject)).toBeUndefined();
    expect((await throttleState(ctx, subject)).failures).toBe(0);
  });

  it('a success resets the count', async () => {
    const ctx = createTestContext(get());
    const subject = 'reset@example.test';
    for (let i = 0; i < 7; i++) await recordFailure(ctx, subject);
    expect(await throttled(ctx, subject)).toBeDefined();
    await recordSuccess(ctx, subject);
    expect(await throttleState(ctx, subject)).toEqual({ failures: 0, blockedUntil: 0, locked: false });
    await recordFailure(ctx, subject);
    expect(await throttled(ctx, subject)).toBeUndefined();
  });

  it('throttles an unknown subject exactly like a known account', async () => {
    const ctx = createTestContext(get());
    const { tenantId, domain } = await seedTenant(ctx);
    const known = `known@${domain}`;
    await seedUser(ctx, tenantId, known);
    const unknown = `nobody@${domain}`;
    const answers: [number | undefined, number | undefined][] = [];
    for (let i = 0; i < 8; i++) {
      await recordFailure(ctx, known);
      await recordFailure(ctx, unknown);
      answers.push([await throttled(ctx, known), await throttled(ctx, unknown)]);
    }
    for (const [a, b] of answers) expect(a).toBe(b);
    // Both are backing off by now, so the comparison above was not of two unthrottled answers.
    expect(answers.at(-1)?.[0]).toBeGreaterThan(0);
    expect(await throttleState(ctx, known)).toEqual(await throttleState(ctx, unknown));
  });

  it('counts every one of many concurrent failures', async () => {
    const ctx = createTestContext(get());
    const subject = 'burst@example.test';
    await Promise.all(Array.from({ length: 40 }, () => recordFailure(ctx, subject)));
    expect((await throttleState(ctx, subject)).failures).toBe(40);
  });
});
