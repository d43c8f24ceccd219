/**
 * Runs housekeeping in the background of every instance: a pass every few minutes, and again a
 * second later while a table still had a full batch, so a backlog drains in short statements.
 * Deletes are idempotent, so instances running it at the same time only repeat each other's
 * work. The timer is unref'd (it never keeps the process alive) and stops with the app, which
 * waits for a pass in flight before the database closes. A failing pass is logged by error name
 * only and never reaches the process.
 *
 * @module
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ServerContext } from '../context.js';
import { backlogRemains, pruneDeadRows, type PruneCounts, type PruneOptions } from './prune.js';
import { BATCH_SIZE } from './retention.js';

/** Time between passes. */
export const HOUSEKEEPING_INTERVAL_MS = 5 * 60_000;
/** Time before the next pass while a backlog remains. */
export const BACKLOG_DELAY_MS = 1_000;

/** Options for {@link startHousekeeping} (tests shorten the times). */
export interface HousekeepingOptions extends PruneOptions {
  readonly intervalMs?: number;
  readonly backlogDelayMs?: number;
  /** Called after each successful pass. */
  readonly onPass?: (counts: PruneCounts) => void;
}

/** A running scheduler. */
export interface Housekeeping {
  /** Stops scheduling and waits for a pass in flight. */
  stop(): Promise<void>;
}

/** Starts the scheduler; the first pass runs one interval from now. */
export function startHousekeeping(ctx: Pick<ServerContext, 'db' | 'now' | 'config' | 'log'>, options: HousekeepingOptions = {}): Housekeeping {
  const intervalMs = options.intervalMs ?? HOUSEKEEPING_INTERVAL_MS;
  const backlogDelayMs = options.backlogDelayMs ?? BACKLOG_DELAY_MS;
  const batchSize = options.batchSize ?? BATCH_SIZE;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();

  const pass = async (): Promise<void> => {
    let delay = intervalMs;
    try {
      const counts = await pruneDeadRows(ctx, ctx.now(), { batchSize });
      const removed = Object.entries(counts).filter(([, n]) => n > 0);
      if (removed.length > 0) ctx.log.info({ removed: Object.fromEntries(removed) }, 'housekeeping removed dead rows');
      if (backlogRemains(counts, batchSize)) delay = backlogDelayMs;
      options.onPass?.(counts);
    } catch (error) {
      ctx.log.warn({ error: error instanceof Error ? error.name : 'unknown' }, 'housekeeping pass failed');
    }
    schedule(delay);
  };

  function schedule(delay: number): void {
    if (stopped) return;
    timer = setTimeout(() => { inFlight = pass(); }, delay);
    timer.unref();
  }

  schedule(intervalMs);
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await inFlight;
    },
  };
}

/** Registers the scheduler with the app: it starts when the plugin registers and stops on close. */
export function housekeepingPlugin(ctx: ServerContext, options: HousekeepingOptions = {}): FastifyPluginAsync {
  return (app) => {
    const housekeeping = startHousekeeping(ctx, options);
    app.addHook('onClose', () => housekeeping.stop());
    return Promise.resolve();
  };
}
