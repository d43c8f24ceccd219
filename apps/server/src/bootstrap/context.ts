/**
 * Builds the {@link ServerContext} for a configuration: opens and migrates the database, loads
 * the seal key and picks the delivery channels. Returns a `close` for graceful shutdown.
 *
 * @module
 */
import { mkdirSync } from 'node:fs';
import type { ServerConfig } from '../config/config.js';
import type { Logger, Mailer, ServerContext, SmsSender } from '../context.js';
import { isPostgresUrl, openDatabase } from '../db/connect.js';
import { migrateToLatest } from '../db/migrate.js';
import { createMailer, createSmsSender } from '../notify/senders.js';
import { memoryBus, type EventBus } from '../events/bus.js';
import { postgresBus } from '../events/postgres-bus.js';
import { silentLogger } from './logger.js';
import { loadOrCreateSealKey } from './seal-key.js';

/** Overrides for tests: a moving clock, captured messages. */
export interface ContextOverrides {
  readonly now?: () => number;
  readonly mailer?: Mailer;
  readonly sms?: SmsSender;
  readonly log?: Logger;
}

/** Opens everything the server needs; `close()` releases it. */
export async function createContext(config: ServerConfig, overrides: ContextOverrides = {}): Promise<ServerContext & { close(): Promise<void> }> {
  if (!isPostgresUrl(config.databaseUrl)) mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  // Read before anything is opened: a bad key file then leaves no database or connection behind.
  const sealKey = loadOrCreateSealKey(config.sealKeyFile);
  const now = overrides.now ?? Date.now;
  const log = overrides.log ?? silentLogger;
  const handle = openDatabase({ url: config.databaseUrl, sqliteSync: config.sqliteSync, poolSize: config.databasePoolSize });
  let events: EventBus;
  try {
    await migrateToLatest(handle.db, handle.dialect);
    // Several instances share one PostgreSQL, so their signals travel through it.
    events = handle.dialect === 'postgres' ? await postgresBus({ connectionString: config.databaseUrl, db: handle.db, log }) : memoryBus();
  } catch (error) {
    await handle.close();
    throw error;
  }
  return {
    config,
    db: handle.db,
    dialect: handle.dialect,
    now,
    mailer: overrides.mailer ?? createMailer(config, handle.db, now),
    sms: overrides.sms ?? createSmsSender(config, handle.db, now),
    sealKey,
    log,
    events,
    close: async () => {
      await events.close();
      await handle.close();
    },
  };
}
