/**
 * The server's configuration: read once, from the environment, validated at start, and passed
 * down as a frozen object — nothing else in the server reads `process.env`. Insecure but
 * allowed settings (plain HTTP on a public address, the development outboxes, the seal key
 * next to the database) produce loud warnings that `main` prints at start.
 *
 * @module
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { ServerError } from '../errors.js';

/** Everything the server needs to know about its surroundings. */
export interface ServerConfig {
  /** Folder for the SQLite database, the seal key and other local state. */
  readonly dataDir: string;
  readonly host: string;
  /** 0 asks the OS for a free port (tests). */
  readonly port: number;
  /** The URL people and clients reach the server at; the OIDC issuer. No trailing slash. */
  readonly publicUrl: string;
  /** SQLite file path or `postgres://…`. */
  readonly databaseUrl: string;
  readonly sqliteSync: 'full' | 'normal';
  readonly databasePoolSize: number;
  /** File holding the 32-byte key that seals TOTP seeds; kept outside the database. */
  readonly sealKeyFile: string;
  /** `smtp://`/`smtps://` URL, or undefined for the development outbox. */
  readonly smtpUrl: string | undefined;
  readonly mailFrom: string;
  /** HTTPS endpoint that receives `{ to, text }` for SMS, or undefined for the development outbox. */
  readonly smsWebhookUrl: string | undefined;
  /** Session inactivity timeout (NIST AAL2: ≤ 1 h). */
  readonly sessionIdleMs: number;
  /** Session absolute lifetime (NIST AAL2: ≤ 24 h). */
  readonly sessionAbsoluteMs: number;
  /** Whether to trust X-Forwarded-* (behind a reverse proxy). */
  readonly trustProxy: boolean;
  /** Argon2id parameters for new password hashes (OWASP minimum by default). */
  readonly argon2: { readonly memoryKiB: number; readonly iterations: number; readonly parallelism: number };
  /** Largest request body accepted, in bytes. */
  readonly bodyLimit: number;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'silent';
  /** JSON file listing the OIDC client apps (besides the built-in `tessera-cli`), or undefined for none. */
  readonly oidcClientsFile: string | undefined;
}

/** A validated configuration and the warnings to print about it. */
export interface LoadedConfig {
  readonly config: ServerConfig;
  readonly warnings: readonly string[];
}

type Env = Readonly<Record<string, string | undefined>>;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function invalid(name: string, why: string): ServerError {
  return new ServerError('ERR_CONFIG_INVALID', `${name}: ${why}`);
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw invalid(name, `expected a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw invalid(name, `must be between ${min} and ${max}`);
  return value;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) throw invalid(name, `must be one of ${allowed.join(', ')}`);
  return raw as T;
}

function url(env: Env, name: string, protocols: readonly string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw invalid(name, 'not a URL');
  }
  if (!protocols.includes(parsed.protocol)) throw invalid(name, `must start with ${protocols.join(' or ')}`);
  return raw;
}

function defaultDataDir(env: Env): string {
  const base = env['XDG_DATA_HOME'] ?? join(env['HOME'] ?? homedir(), '.local', 'share');
  return join(base, 'tessera-server');
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '127.0.0.1' || host === '::1' || host === '[::1]';
}

/** Reads and validates the configuration from environment variables (see docs/server.md). */
export function loadConfig(env: Env): LoadedConfig {
  const dataDir = resolve(env['TESSERA_SERVER_DATA_DIR'] ?? defaultDataDir(env));
  const host = env['TESSERA_SERVER_HOST'] ?? '127.0.0.1';
  const port = integer(env, 'TESSERA_SERVER_PORT', 8080, 0, 65535);
  const publicUrl = (url(env, 'TESSERA_SERVER_PUBLIC_URL', ['http:', 'https:']) ?? `http://localhost:${port}`).replace(/\/+$/, '');
  const databaseUrl = env['TESSERA_SERVER_DATABASE_URL'] ?? join(dataDir, 'tessera.db');
  const sessionIdleMs = integer(env, 'TESSERA_SERVER_SESSION_IDLE_MINUTES', 60, 5, 24 * 60) * MINUTE;
  const sessionAbsoluteMs = integer(env, 'TESSERA_SERVER_SESSION_HOURS', 12, 1, 24) * HOUR;
  const config: ServerConfig = Object.freeze({
    dataDir,
    host,
    port,
    publicUrl,
    databaseUrl,
    sqliteSync: oneOf(env, 'TESSERA_SERVER_SQLITE_SYNC', ['full', 'normal'] as const, 'full'),
    databasePoolSize: integer(env, 'TESSERA_SERVER_DATABASE_POOL', 10, 1, 200),
    sealKeyFile: resolve(env['TESSERA_SERVER_SEAL_KEY_FILE'] ?? join(dataDir, 'seal.key')),
    smtpUrl: url(env, 'TESSERA_SERVER_SMTP_URL', ['smtp:', 'smtps:']),
    mailFrom: env['TESSERA_SERVER_MAIL_FROM'] ?? 'Tessera <no-reply@localhost>',
    smsWebhookUrl: url(env, 'TESSERA_SERVER_SMS_WEBHOOK_URL', ['https:', 'http:']),
    sessionIdleMs,
    sessionAbsoluteMs: Math.max(sessionAbsoluteMs, sessionIdleMs),
    trustProxy: oneOf(env, 'TESSERA_SERVER_TRUST_PROXY', ['true', 'false'] as const, 'false') === 'true',
    argon2: Object.freeze({
      memoryKiB: integer(env, 'TESSERA_SERVER_ARGON2_MEMORY_KIB', 19_456, 19_456, 1_048_576),
      iterations: integer(env, 'TESSERA_SERVER_ARGON2_ITERATIONS', 2, 2, 10),
      parallelism: integer(env, 'TESSERA_SERVER_ARGON2_PARALLELISM', 1, 1, 16),
    }),
    bodyLimit: integer(env, 'TESSERA_SERVER_BODY_LIMIT', 64 * 1024, 1024, 10 * 1024 * 1024),
    logLevel: oneOf(env, 'TESSERA_SERVER_LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'silent'] as const, 'info'),
    oidcClientsFile: env['TESSERA_SERVER_OIDC_CLIENTS_FILE'] === undefined || env['TESSERA_SERVER_OIDC_CLIENTS_FILE'] === '' ? undefined : resolve(env['TESSERA_SERVER_OIDC_CLIENTS_FILE']),
  });
  return { config, warnings: warningsFor(config) };
}

function warningsFor(config: ServerConfig): string[] {
  const warnings: string[] = [];
  const publicHost = new URL(config.publicUrl).hostname;
  if (config.publicUrl.startsWith('http:') && !isLoopback(publicHost)) {
    warnings.push(`public URL ${config.publicUrl} is plain HTTP on a non-loopback host: passwords and session cookies would cross the network unencrypted. Put the server behind HTTPS.`);
  }
  if (!isLoopback(config.host) && config.publicUrl.startsWith('http:')) {
    warnings.push(`listening on ${config.host} without HTTPS in front: only do this behind a TLS-terminating proxy (and set TESSERA_SERVER_TRUST_PROXY=true).`);
  }
  if (config.smtpUrl === undefined) warnings.push('no SMTP server configured (TESSERA_SERVER_SMTP_URL): emails go to the development outbox, not to people.');
  if (config.smsWebhookUrl === undefined) warnings.push('no SMS sender configured (TESSERA_SERVER_SMS_WEBHOOK_URL): SMS codes go to the development outbox.');
  if (config.sealKeyFile.startsWith(config.dataDir)) {
    warnings.push(`the seal key for TOTP seeds is in the data folder (${config.sealKeyFile}); in production keep it elsewhere (TESSERA_SERVER_SEAL_KEY_FILE) so a copy of the database alone reveals no seed.`);
  }
  if (config.sqliteSync === 'normal' && !config.databaseUrl.startsWith('postgres')) {
    warnings.push('SQLite synchronous=NORMAL: the last accepted codes and audit lines can be lost on power failure.');
  }
  return warnings;
}
