/**
 * What every capability receives: configuration, the database, time, delivery channels and a
 * logger. Built once in `main` (or by a test) and passed down explicitly — no globals, so a
 * test can run two servers side by side or move the clock.
 *
 * @module
 */
import type { Kysely } from 'kysely';
import type { ServerConfig } from './config/config.js';
import type { DialectName } from './db/dialect.js';
import type { Database } from './db/schema.js';
import type { EventBus } from './events/bus.js';

/** An email ready to send. Bodies are plain text; they may contain one-time codes, never passwords. */
export interface OutgoingEmail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

/** Sends email (SMTP in production, the development outbox otherwise). */
export interface Mailer {
  send(message: OutgoingEmail): Promise<void>;
}

/** Sends a text message (a webhook in production, the development outbox otherwise). */
export interface SmsSender {
  send(message: { readonly to: string; readonly text: string }): Promise<void>;
}

/** The log methods the server uses; messages and fields never carry secrets. */
export interface Logger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

/** Shared, explicit dependencies of every route and service. */
export interface ServerContext {
  readonly config: ServerConfig;
  readonly db: Kysely<Database>;
  readonly dialect: DialectName;
  /** Current time in milliseconds; tests move it. */
  now(): number;
  readonly mailer: Mailer;
  readonly sms: SmsSender;
  /** 32-byte key that seals TOTP seeds at rest (read from `config.sealKeyFile`). */
  readonly sealKey: Uint8Array;
  readonly log: Logger;
  /** Cross-instance "look again" signals (push approvals). */
  readonly events: EventBus;
}
