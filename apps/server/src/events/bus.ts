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

/** A JSON-serialisable event payload (kept small: ids, never secrets). */
export type EventPayload = Readonly<Record<string, string | number | boolean | null>>;

/** Publish/subscribe by channel name. */
export interface EventBus {
  /** Delivers `payload` to every subscriber of `channel`, in this and (where supported) other instances. */
  publish(channel: string, payload: EventPayload): Promise<void>;
  /** Calls `handler` for each event on `channel` until the returned function is called. */
  subscribe(channel: string, handler: (payload: EventPayload) => void): () => void;
  /** Releases connections. */
  close(): Promise<void>;
}

/** The in-process bus (one server instance). */
export function memoryBus(): EventBus {
  const handlers = new Map<string, Set<(payload: EventPayload) => void>>();
  return {
    publish(channel, payload) {
      for (const handler of [...(handlers.get(channel) ?? [])]) {
        // A failing listener must not stop delivery to the others.
        try {
          handler(payload);
        } catch {
          /* listeners own their errors */
        }
      }
      return Promise.resolve();
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
    close() {
      handlers.clear();
      return Promise.resolve();
    },
  };
}
