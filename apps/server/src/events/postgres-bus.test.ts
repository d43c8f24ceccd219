import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, postgresAvailable, type TestDatabase } from '../db/test-support/dialects.js';
import type { EventBus, EventPayload } from './bus.js';
import { postgresBus } from './postgres-bus.js';

function next(bus: EventBus, channel: string, match: (p: EventPayload) => boolean = () => true): Promise<EventPayload> {
  return new Promise((resolve) => {
    const stop = bus.subscribe(channel, (payload) => {
      if (!match(payload)) return;
      stop();
      resolve(payload);
    });
  });
}

describe.skipIf(!postgresAvailable())('PostgreSQL event bus (LISTEN/NOTIFY)', () => {
  let database: TestDatabase & { drop(): Promise<void> };
  const buses: EventBus[] = [];
  const open = async (): Promise<EventBus> => {
    const bus = await postgresBus({ connectionString: database.url, db: database.db, minBackoffMs: 20, maxBackoffMs: 200 });
    buses.push(bus);
    return bus;
  };
  beforeAll(async () => { database = await createTestDatabase('postgres'); });
  afterAll(async () => {
    for (const bus of buses) await bus.close();
    await database.drop();
  });

  it('an event published on one instance reaches the other, and the publisher\'s own subscribers exactly once', async () => {
    const a = await open();
    const b = await open();
    const seenOnA: EventPayload[] = [];
    const stop = a.subscribe('push.user.u1', (p) => seenOnA.push(p));
    const onB = next(b, 'push.user.u1');
    await a.publish('push.user.u1', { approvalId: 'x1' });
    expect(await onB).toEqual({ approvalId: 'x1' });
    // A marker sent after it proves A's echo of the first event has been skipped, not delayed.
    const marker = next(a, 'marker');
    await b.publish('marker', { n: 1 });
    await marker;
    expect(seenOnA).toEqual([{ approvalId: 'x1' }]);
    stop();
  });

  it('events sent inside a transaction reach the other instance at commit, and never for a rollback', async () => {
    const a = await open();
    const b = await open();
    const heardOnB: EventPayload[] = [];
    const heardOnA: EventPayload[] = [];
    const stopB = b.subscribe('tx.test', (p) => heardOnB.push(p));
    const stopA = a.subscribe('tx.test', (p) => heardOnA.push(p));
    const send = a.publishInTransaction?.bind(a);
    if (send === undefined) throw new Error('the PostgreSQL bus sends events inside transactions');
    await expect(database.db.transaction().execute(async (trx) => {
      await send(trx, [{ channel: 'tx.test', payload: { n: 1 } }]);
      throw new Error('roll back');
    })).rejects.toThrow('roll back');
    const onB = next(b, 'tx.test', (p) => p['n'] === 2);
    const deliver = await database.db.transaction().execute((trx) => send(trx, [{ channel: 'tx.test', payload: { n: 2 } }, { channel: 'other', payload: { n: 3 } }]));
    expect(await onB).toEqual({ n: 2 });
    // This instance hears it once, when the caller delivers it after the commit (never its echo).
    expect(heardOnA).toEqual([]);
    deliver();
    const marker = next(a, 'marker');
    await b.publish('marker', {});
    await marker;
    expect(heardOnA).toEqual([{ n: 2 }]);
    expect(heardOnB).toEqual([{ n: 2 }]);
    stopA();
    stopB();
  });

  it('refuses a payload NOTIFY cannot carry, and delivers nothing of it', async () => {
    const a = await open();
    const seen: EventPayload[] = [];
    a.subscribe('big', (p) => seen.push(p));
    await expect(a.publish('big', { text: 'x'.repeat(8000) })).rejects.toThrow(RangeError);
    expect(seen).toEqual([]);
  });

  it('reconnects after its listening connection is killed, tells subscribers to look again, and hears events again', async () => {
    const a = await open();
    const b = await open();
    const resync = next(b, 'push.user.u2', (p) => p['reconnected'] === true);
    await sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'tessera-events' and datname = current_database() and pid <> pg_backend_pid()`.execute(database.db);
    await resync;
    // A's listener was killed too; publishing works regardless (it goes through the pool).
    const heard = next(b, 'push.user.u2', (p) => p['approvalId'] === 'after');
    await a.publish('push.user.u2', { approvalId: 'after' });
    expect(await heard).toEqual({ approvalId: 'after' });
  });

  it('close releases the listening connection', async () => {
    const count = async () => Number((await sql<{ n: string }>`select count(*) as n from pg_stat_activity where application_name = 'tessera-events' and datname = current_database()`.execute(database.db)).rows[0]?.n);
    const settled = async (n: number) => {
      for (let i = 0; i < 100 && (await count()) !== n; i++) await new Promise((r) => setTimeout(r, 20));
      return count();
    };
    // The other tests' buses (some reconnecting) are closed first, so only this one counts.
    for (const other of buses.splice(0)) await other.close();
    expect(await settled(0)).toBe(0);
    const bus = await postgresBus({ connectionString: database.url, db: database.db });
    expect(await count()).toBe(1);
    await bus.close();
    expect(await settled(0)).toBe(0);
  });
});
