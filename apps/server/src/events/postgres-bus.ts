/**
 * The event bus across instances: PostgreSQL LISTEN/NOTIFY on one channel. Each process keeps
 * one dedicated connection that LISTENs (a pooled connection cannot: LISTEN belongs to a
 * session), and publishes with `pg_notify` through the ordinary pool. A message names the
 * logical channel, the payload and the publishing process; the publisher delivers to its own
 * subscribers at once and skips its own echo, so local listeners hear an event exactly once.
 *
 * When the listening connection drops (a restart, a failover, an idle kill), it reconnects with
 * jittered exponential back-off, and after each reconnect every subscriber receives
 * `{ reconnected: true }` — events published meanwhile are lost, and since events only say "look
 * again", a subscriber that looks again at everything loses nothing (see `bus.ts`). A failed
 * publish is logged, not thrown: the change it announces is already committed, and waiters
 * re-read on their next wake-up or time-out. A change made in a transaction can instead send its
 * NOTIFY from inside it (`publishInTransaction`): PostgreSQL delivers it at commit, one round trip
 * sooner, and never for a change that rolled back. NOTIFY payloads are limited to 8000 bytes; a larger
 * message is a programming error and throws.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { silentLogger } from '../bootstrap/logger.js';
import type { Logger } from '../context.js';
import { localSubscribers, type BusEvent, type EventBus, type EventPayload } from './bus.js';

/** Largest NOTIFY payload PostgreSQL accepts (bytes, exclusive). */
export const MAX_NOTIFY_BYTES = 8000;

/** Options for {@link postgresBus}. */
export interface PostgresBusOptions {
  /** `postgres://…` of the database every instance shares. */
  readonly connectionString: string;
  /** The server's pool, used to publish. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- only raw SQL is sent, on any schema
  readonly db: Kysely<any>;
  readonly log?: Logger;
  /** NOTIFY channel (an SQL identifier); default `tessera_events`. */
  readonly channel?: string;
  readonly minBackoffMs?: number;
  readonly maxBackoffMs?: number;
}

interface Message {
  readonly c: string;
  readonly p: EventPayload;
  readonly o: string;
}

function parseMessage(text: string | undefined): Message | undefined {
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as Record<string, unknown>;
    const { c, p, o } = value;
    if (typeof c !== 'string' || typeof o !== 'string' || typeof p !== 'object' || p === null || Array.isArray(p)) return undefined;
    return { c, o, p: p as EventPayload };
  } catch {
    return undefined;
  }
}

/**
 * Connects the listening session and returns the bus once it is LISTENing, so nothing
 * published after this resolves is missed. Throws when the first connection fails.
 *
 * @example
 * ```ts
 * const events = await postgresBus({ connectionString: config.databaseUrl, db, log });
 * ```
 */
export async function postgresBus(options: PostgresBusOptions): Promise<EventBus> {
  const channel = options.channel ?? 'tessera_events';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(channel)) throw new TypeError(`not a safe channel name: ${channel}`);
  const log = options.log ?? silentLogger;
  const minBackoff = options.minBackoffMs ?? 100;
  const maxBackoff = options.maxBackoffMs ?? 10_000;
  const origin = randomUUID();
  const local = localSubscribers();
  let client: pg.Client | undefined;
  let closed = false;
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;

  async function connect(): Promise<void> {
    const c = new pg.Client({ connectionString: options.connectionString, application_name: 'tessera-events' });
    c.on('notification', (n) => {
      const message = n.channel === channel ? parseMessage(n.payload) : undefined;
      if (message !== undefined && message.o !== origin) local.deliver(message.c, message.p);
    });
    c.on('error', (error) => {
      log.warn({ err: error.message }, 'event bus connection failed; reconnecting');
      drop(c);
    });
    c.on('end', () => { drop(c); });
    try {
      await c.connect();
      await c.query(`LISTEN ${channel}`);
    } catch (error) {
      c.removeAllListeners('end');
      await c.end().catch(() => undefined);
      throw error;
    }
    if (closed) {
      await c.end().catch(() => undefined);
      return;
    }
    client = c;
    failures = 0;
  }

  function drop(c: pg.Client): void {
    if (client !== c) return;
    client = undefined;
    c.end().catch(() => undefined);
    if (!closed) reconnectLater();
  }

  function reconnectLater(): void {
    const delay = Math.min(maxBackoff, minBackoff * 2 ** Math.min(failures, 16)) * (0.5 + Math.random() / 2);
    failures += 1;
    timer = setTimeout(() => {
      connect().then(() => {
        if (closed) return;
        log.info({ failures }, 'event bus reconnected');
        for (const name of local.channels()) local.deliver(name, { reconnected: true });
      }, (error: unknown) => {
        log.warn({ err: error instanceof Error ? error.message : 'unknown', failures }, 'event bus reconnect failed');
        if (!closed) reconnectLater();
      });
    }, delay);
  }

  await connect();

  function encode(name: string, payload: EventPayload): string {
    const text = JSON.stringify({ c: name, p: payload, o: origin } satisfies Message);
    if (Buffer.byteLength(text, 'utf8') >= MAX_NOTIFY_BYTES) throw new RangeError(`event on ${name} is larger than a NOTIFY payload may be`);
    return text;
  }

  return {
    async publish(name, payload) {
      const text = encode(name, payload);
      local.deliver(name, payload);
      try {
        await sql`select pg_notify(${channel}, ${text})`.execute(options.db);
      } catch (error) {
        log.error({ channel: name, err: error instanceof Error ? error.message : 'unknown' }, 'event could not be sent to other instances');
      }
    },
    // Every NOTIFY in one statement; a failure rolls the transaction back with the change it announces.
    async publishInTransaction(trx, events: readonly BusEvent[]) {
      const notifies = events.map((event) => sql`pg_notify(${channel}, ${encode(event.channel, event.payload)})`);
      if (notifies.length > 0) await sql`select ${sql.join(notifies)}`.execute(trx);
      return () => { for (const event of events) local.deliver(event.channel, event.payload); };
    },
    subscribe: (channel, handler) => local.subscribe(channel, handler),
    async close() {
      closed = true;
      clearTimeout(timer);
      local.clear();
      const c = client;
      client = undefined;
      await c?.end().catch(() => undefined);
    },
  };
}
