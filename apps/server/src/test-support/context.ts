/**
 * A server context over a test database: a clock the test moves, every email and SMS captured
 * in memory, a fixed seal key. Seeds for the common cases (a tenant, a user with a password).
 */
import { createHash } from 'node:crypto';
import { loadConfig, type ServerConfig } from '../config/config.js';
import type { OutgoingEmail, ServerContext } from '../context.js';
import type { TestDatabase } from '../db/test-support/dialects.js';
import { createSession, type AuthMethodRef } from '../auth/sessions.js';
import { silentLogger } from '../bootstrap/logger.js';
import { newId } from '../crypto/tokens.js';
import { memoryBus } from '../events/bus.js';

/** A context plus the handles tests use to steer and observe it. */
export interface TestContext extends ServerContext {
  /** Captured emails, oldest first. */
  readonly emails: OutgoingEmail[];
  /** Captured text messages, oldest first. */
  readonly texts: { to: string; text: string }[];
  /** Sets the clock (ms). */
  setNow(ms: number): void;
  /** Moves the clock forward by `ms`. */
  advance(ms: number): void;
}

/** Builds a {@link TestContext} on `database`; `env` adds configuration variables. */
export function createTestContext(database: TestDatabase, env: Record<string, string> = {}): TestContext {
  const { config } = loadConfig({ TESSERA_SERVER_DATA_DIR: '/nonexistent-test-data', TESSERA_SERVER_PORT: '0', ...env });
  let now = Date.UTC(2026, 10, 25, 12, 0, 0);
  const emails: OutgoingEmail[] = [];
  const texts: { to: string; text: string }[] = [];
  return {
    config: { ...config, databaseUrl: database.url } satisfies ServerConfig,
    db: database.db,
    dialect: database.dialect,
    now: () => now,
    setNow: (ms) => { now = ms; },
    advance: (ms) => { now += ms; },
    mailer: { send: (m) => { emails.push(m); return Promise.resolve(); } },
    sms: { send: (m) => { texts.push(m); return Promise.resolve(); } },
    // One key per test database, so a second context on the same database opens what the first sealed.
    sealKey: new Uint8Array(createHash('sha256').update(`seal:${database.url}`).digest()),
    log: silentLogger,
    events: memoryBus(),
    emails,
    texts,
  };
}

/** Inserts a tenant (with unique id and domain) and returns its id and domain. */
export async function seedTenant(ctx: ServerContext, name = 'Example'): Promise<{ tenantId: string; domain: string }> {
  const tenantId = newId();
  const domain = `${tenantId.slice(0, 8).toLowerCase().replace(/[^a-z0-9]/g, 'x')}.example.test`;
  await ctx.db.insertInto('tenants').values({ id: tenantId, name, domains: JSON.stringify([domain]), policy: '{}', created_at: ctx.now() }).execute();
  await ctx.db.insertInto('tenant_domains').values({ domain, tenant_id: tenantId }).execute();
  return { tenantId, domain };
}

/** Inserts a user (no password unless `passwordHash` is given). */
export async function seedUser(ctx: ServerContext, tenantId: string, email: string, options: { role?: 'admin' | 'helpdesk' | 'user'; passwordHash?: string | null } = {}): Promise<string> {
  const id = newId();
  await ctx.db.insertInto('users').values({
    id, tenant_id: tenantId, email: email.toLowerCase(), display_name: email.split('@')[0] ?? email,
    role: options.role ?? 'user', status: 'active', password_hash: options.passwordHash ?? null, created_at: ctx.now(), updated_at: ctx.now(),
  }).execute();
  return id;
}

/** A bearer token for a session of `userId`, as if they had just signed in with `amr`. */
export async function seedSessionToken(ctx: ServerContext, tenantId: string, userId: string, amr: AuthMethodRef[] = ['pwd', 'otp', 'mfa'], tapId: string | null = null): Promise<string> {
  const { token } = await createSession(ctx, { tenantId, userId, amr, tapId });
  return token;
}
