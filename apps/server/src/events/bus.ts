/**
 * A small publish/subscribe bus that carries "something changed" signals between the parts of
 * the server — a push approval waiting for a device, a decision waiting for a sign-in page. The
 * database stays the source of truth: an event only tells a listener to look again, so a lost
 * or duplicated event can delay an answer but never change it.
 *
 * In one process the bus is in memory; with several instances on PostgreSQL it rides on
 * LISTEN/NOTIFY (see `postgres-bus.ts`), so an approval sent to instance B wakes the sign-in
 * waiting on instance A.
 *
 * @module
 */
import type { Kysely } from 'kysely';

/** A JSON-serialisable event payload (kept small: ids, never secrets). */
export type EventPayload = Readonly<Record<string, string | number | boolean | null>>;

/** One event to publish. */
export interface BusEvent {
  readonly channel: string;
  readonly payload: EventPayload;
}

/** Publish/subscribe by channel name. */
export interface EventBus {
  /** Delivers `payload` to every subscriber of `channel`, in this and (where supported) other instances. */
  publish(channel: string, payload: EventPayload): Promise<void>;
  /** Calls `handler` for each event on `channel` until the returned function is called. */
  subscribe(channel: string, handler: (payload: EventPayload) => void): () => void;
  /** Releases connections. */
  close(): Promise<void>;
  /**
   * Sends `events` to the other instances from inside the transaction `trx` — PostgreSQL
   * delivers a NOTIFY at commit, so an event is never announced for a change that rolled back,
   * and no round trip follows the commit. Returns the delivery to this instance's subscribers,
   * to call once the transaction committed. Buses without other instances leave it out; use
   * {@link publishOnCommit}.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- only raw SQL is sent, on any schema
  publishInTransaction?(trx: Kysely<any>, events: readonly BusEvent[]): Promise<() => void>;
}

/**
 * Prepares `events` for publication with the transaction `trx` (inside it where the bus can,
 * see {@link EventBus.publishInTransaction}); call the returned function after the commit.
 *
 * @example
 * ```ts
 * const announce = await ctx.db.transaction().execute(async (trx) => { …; return publishOnCommit(ctx.events, trx, events); });
 * await announce();
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- only raw SQL is sent, on any schema
export async function publishOnCommit(bus: EventBus, trx: Kysely<any>, events: readonly BusEvent[]): Promise<() => Promise<void>> {
  if (bus.publishInTransaction !== undefined) {
    const deliver = await bus.publishInTransaction(trx, events);
    return () => { deliver(); return Promise.resolve(); };
  }
  return async () => { for (const event of events) await bus.publish(event.channel, event.payload); };
}

type Handler = (payload: EventPayload) => void;

/** This process's subscribers, by channel: where every bus delivers an event locally. */
export interface LocalSubscribers {
  /** Calls every handler of `channel`; a failing handler does not stop the others. */
  deliver(channel: string, payload: EventPayload): void;
  /** Adds `handler` until the returned function is called. */
  subscribe(channel: string, handler: Handler): () => void;
  /** The channels that have subscribers now. */
  channels(): string[];
  clear(): void;
}

/** An empty set of {@link LocalSubscribers}. */
export function localSubscribers(): LocalSubscribers {
  const handlers = new Map<string, Set<Handler>>();
  return {
    deliver(channel, payload) {
      for (const handler of [...(handlers.get(channel) ?? [])]) {
        try {
          handler(payload);
        } catch {
          /* listeners own their errors */
        }
      }
    },
    subscribe(channel, handler) {
      let set = handlers.get(channel);
      if (set === undefined) {
        set = new Set();
        handlers.set(channel, set);
      }
      set.add(handler);
      return () => {
        set.delete(handler);
        if (set.size === 0) handlers.delete(channel);
      };
    },
    channels: () => [...handlers.keys()],
    clear() {
      handlers.clear();
    },
  };
}

/** The in-process bus (one server instance). */
export function memoryBus(): EventBus {
  const local = localSubscribers();
  return {
    publish(channel, payload) {
      local.deliver(channel, payload);
      return Promise.resolve();
    },
    subscribe: (channel, handler) => local.subscribe(channel, handler),
    close() {
      local.clear();
      return Promise.resolve();
    },
  };
}
