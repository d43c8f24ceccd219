import type { FastifyInstance } from 'fastify';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { buildApp } from '../app.js';
import { deviceChannel } from '../approvals/channels.js';
import { deviceToken, newTestKey, registerTestDevice } from '../approvals/test-support/device.js';
import { openSse } from '../approvals/test-support/sse.js';
import { findSession } from '../auth/sessions.js';
import { hashToken } from '../crypto/tokens.js';
import type { DialectName } from '../db/dialect.js';
import type { Database } from '../db/schema.js';
import { forEachDialect, type TestDatabase } from '../db/test-support/dialects.js';
import { postgresBus } from '../events/postgres-bus.js';
import { createTestContext, seedSessionToken, type TestContext } from '../test-support/context.js';
import { adminApp, call, codeOf, insertMethod, seedOrg, type SeededTenant } from './test-support/fixture.js';

function addMethod(ctx: TestContext, org: SeededTenant, id: string, kind: 'totp' | 'email'): Promise<void> {
  return insertMethod(ctx, {
    id, tenant_id: org.tenantId, user_id: org.user.id, kind, label: `${kind} method`, secret_sealed: kind === 'totp' ? 'sealed' : null,
    target: kind === 'email' ? `private-${id}@mail.example` : null,
  });
}

forEachDialect('admin MFA reset', (get) => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let org: SeededTenant;

  beforeAll(async () => {
    ({ ctx, app } = await adminApp(get()));
    org = await seedOrg(ctx, 'reset');
  });
  afterAll(async () => { await app.close(); });

  it('needs step-up: a sign-in older than 10 minutes is refused and changes nothing', async () => {
    await addMethod(ctx, org, 'stale-totp', 'totp');
    ctx.advance(11 * 60_000);
    const staleAdmin = await seedSessionToken(ctx, org.tenantId, org.admin.id);
    ctx.advance(10 * 60_000 + 1);
    const response = await call(app, 'POST', `/api/admin/users/${org.user.id}/reset-mfa`, staleAdmin, { reason: 'lost phone' });
    expect([response.statusCode, codeOf(response)]).toEqual([401, 'ERR_STEP_UP_REQUIRED']);
    expect(await ctx.db.selectFrom('methods').select('id').where('id', '=', 'stale-totp').executeTakeFirst()).toBeDefined();
    await ctx.db.deleteFrom('methods').where('id', '=', 'stale-totp').execute();
  });

  it('deletes every method, revokes push devices, ends every session (the bearer stops working), revokes the TAP, notifies and audits who/why/ticket', async () => {
    await addMethod(ctx, org, 'r-totp', 'totp');
    await addMethod(ctx, org, 'r-email', 'email');
    const userTokens = [org.user.token, await seedSessionToken(ctx, org.tenantId, org.user.id), await seedSessionToken(ctx, org.tenantId, org.user.id)];
    expect((await call(app, 'GET', '/api/me/methods', userTokens[0])).statusCode).toBe(200);
    const tap = await call(app, 'POST', `/api/admin/users/${org.user.id}/tap`, org.helpdesk.token, {});
    expect(tap.statusCode).toBe(201);
    await ctx.db.insertInto('devices').values({
      id: 'r-device', tenant_id: org.tenantId, user_id: org.user.id, name: 'Old phone', public_key: '{}', thumbprint: 'tp-r-device',
      registered_with_tap: 0, created_at: ctx.now(), last_seen_at: null, revoked_at: null,
    }).execute();
    const admin = await seedSessionToken(ctx, org.tenantId, org.admin.id);
    const emailsBefore = ctx.emails.length;

    const response = await call(app, 'POST', `/api/admin/users/${org.user.id}/reset-mfa`, admin, { reason: 'phone stolen', ticket: 'HD-4711' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ methodsRemoved: 2, devicesRevoked: 1, sessionsRevoked: 3, tapRevoked: true });
    expect((await ctx.db.selectFrom('devices').select('revoked_at').where('id', '=', 'r-device').executeTakeFirstOrThrow()).revoked_at).not.toBeNull();

    expect(await ctx.db.selectFrom('methods').select('id').where('user_id', '=', org.user.id).execute()).toEqual([]);
    for (const token of userTokens) {
      expect(await findSession(ctx, token)).toBeUndefined();
      const me = await call(app, 'GET', '/api/me/methods', token);
      expect([me.statusCode, codeOf(me)]).toEqual([401, 'ERR_UNAUTHENTICATED']);
    }
    const liveTaps = await ctx.db.selectFrom('taps').select('id').where('user_id', '=', org.user.id).where('revoked_at', 'is', null).execute();
    expect(liveTaps).toEqual([]);
    // The admin's own session is untouched.
    expect(await findSession(ctx, admin)).toBeDefined();

    const notices = ctx.emails.slice(emailsBefore).filter((m) => m.subject === 'Your sign-in methods were reset');
    expect(notices.map((m) => m.to).sort()).toEqual([org.user.email, 'private-r-email@mail.example'].sort());
    expect(notices[0]?.text).toContain('HD-4711');

    const audit = await ctx.db.selectFrom('audit_log').selectAll().where('tenant_id', '=', org.tenantId).where('action', '=', 'admin.mfa.reset').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_user_id: org.admin.id, target_user_id: org.user.id });
    expect(JSON.parse(audit[0]?.detail ?? '{}')).toMatchObject({ reason: 'phone stolen', ticket: 'HD-4711', methodsRemoved: 2, sessionsRevoked: 3 });
  });

  it('needs a reason', async () => {
    const admin = await seedSessionToken(ctx, org.tenantId, org.admin.id);
    for (const body of [{}, { reason: '' }, { ticket: 'HD-1' }]) {
      const response = await call(app, 'POST', `/api/admin/users/${org.user.id}/reset-mfa`, admin, body);
      expect([response.statusCode, codeOf(response)]).toEqual([400, 'ERR_VALIDATION']);
    }
  });
});

/** One server instance over the suite's database: its own context, bus and app. */
interface Instance {
  readonly ctx: TestContext;
  readonly app: FastifyInstance;
}

// On PostgreSQL each instance has its own LISTEN/NOTIFY bus, as in production: what one instance
// announces reaches the other only through the database.
async function startInstance(database: TestDatabase, dialect: DialectName): Promise<Instance> {
  const base = createTestContext(database);
  const ctx: TestContext = dialect === 'postgres' ? { ...base, events: await postgresBus({ connectionString: database.url, db: database.db }) } : base;
  return { ctx, app: await buildApp(ctx) };
}

/** A database trigger that makes one step of the reset fail, created for one request and dropped after it. */
interface InjectedFailure {
  readonly name: string;
  readonly table: 'devices' | 'audit_log';
  /** What the trigger fires on, and for which rows. */
  readonly when: { readonly sqlite: string; readonly postgres: string };
}

const FAILURES: readonly InjectedFailure[] = [
  // Late in the reset: methods, sessions, grants and the TAP have been written by then.
  { name: 'test_fail_devices', table: 'devices', when: { sqlite: 'BEFORE UPDATE ON devices', postgres: 'BEFORE UPDATE ON devices FOR EACH ROW' } },
  // The very last write, after every device was revoked and its announcement prepared.
  {
    name: 'test_fail_reset_audit', table: 'audit_log',
    when: { sqlite: 'BEFORE INSERT ON audit_log WHEN NEW.action = \'admin.mfa.reset\'', postgres: 'BEFORE INSERT ON audit_log FOR EACH ROW WHEN (NEW.action = \'admin.mfa.reset\')' },
  },
];

async function withFailure<T>(db: Kysely<Database>, dialect: DialectName, failure: InjectedFailure, work: () => Promise<T>): Promise<T> {
  if (dialect === 'postgres') {
    await sql`CREATE OR REPLACE FUNCTION test_injected_failure() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$`.execute(db);
    await sql.raw(`CREATE TRIGGER ${failure.name} ${failure.when.postgres} EXECUTE FUNCTION test_injected_failure()`).execute(db);
  } else {
    await sql.raw(`CREATE TRIGGER ${failure.name} ${failure.when.sqlite} BEGIN SELECT RAISE(ABORT, 'injected failure'); END`).execute(db);
  }
  try {
    return await work();
  } finally {
    await sql.raw(dialect === 'postgres' ? `DROP TRIGGER ${failure.name} ON ${failure.table}` : `DROP TRIGGER ${failure.name}`).execute(db);
  }
}

function insertDevice(ctx: TestContext, org: SeededTenant, id: string): Promise<unknown> {
  return ctx.db.insertInto('devices').values({
    id, tenant_id: org.tenantId, user_id: org.user.id, name: `Phone ${id}`, public_key: '{}', thumbprint: `tp-${id}`,
    registered_with_tap: 0, created_at: ctx.now(), last_seen_at: null, revoked_at: null,
  }).execute();
}

const RESET_SUBJECT = 'Your sign-in methods were reset';
const DEVICE_REMOVED_SUBJECT = 'An authenticator was removed from your account';

forEachDialect('admin MFA reset is all-or-nothing', (get, dialect) => {
  // A serves the admin API; on PostgreSQL, B is a second instance on the same database.
  let a: Instance;
  let b: Instance;

  beforeAll(async () => {
    a = await startInstance(get(), dialect);
    b = dialect === 'postgres' ? await startInstance(get(), dialect) : a;
  });
  afterAll(async () => {
    for (const instance of new Set([a, b])) {
      await instance.app.close();
      await instance.ctx.events.close();
    }
  });

  it('a reset that fails midway answers ERR_INTERNAL and changes nothing: methods, sessions, grants, TAP, devices, audit; no mail, no stream closed; a retry then succeeds', async () => {
    const { ctx, app } = a;
    const org = await seedOrg(ctx, 'fault');
    const userId = org.user.id;
    await insertMethod(ctx, { id: `${userId}-totp`, tenant_id: org.tenantId, user_id: userId });
    await insertMethod(ctx, { id: `${userId}-email`, tenant_id: org.tenantId, user_id: userId, kind: 'email', label: 'Home', secret_sealed: null, target: `home-${userId}@mail.example` });
    await seedSessionToken(ctx, org.tenantId, userId);
    await seedSessionToken(ctx, org.tenantId, userId);
    expect((await call(app, 'POST', `/api/admin/users/${userId}/tap`, org.helpdesk.token, {})).statusCode).toBe(201);
    const grantId = `grant-${userId}`;
    await ctx.db.insertInto('oidc_grant_sessions').values({ grant_id: grantId, tenant_id: org.tenantId, user_id: userId, session_id: hashToken(org.user.token), client_id: 'app', created_at: ctx.now() }).execute();
    await ctx.db.insertInto('oidc_payloads').values([
      { model: 'Grant', id: grantId, payload: '{}', grant_id: null, user_code: null, uid: null, expires_at: null, consumed_at: null },
      { model: 'AccessToken', id: `at-${userId}`, payload: '{}', grant_id: grantId, user_code: null, uid: null, expires_at: null, consumed_at: null },
    ]).execute();
    const deviceIds = ['1', '2', '3'].map((n) => `${userId}-device-${n}`);
    for (const id of deviceIds) await insertDevice(ctx, org, id);

    const snapshot = async () => ({
      methods: await ctx.db.selectFrom('methods').select(['id', 'verified_at']).where('user_id', '=', userId).orderBy('id').execute(),
      sessions: await ctx.db.selectFrom('sessions').select(['id', 'revoked_at']).where('user_id', '=', userId).orderBy('id').execute(),
      grants: await ctx.db.selectFrom('oidc_grant_sessions').select('grant_id').where('user_id', '=', userId).execute(),
      payloads: await ctx.db.selectFrom('oidc_payloads').select(['model', 'id']).where((eb) => eb.or([eb('id', '=', grantId), eb('grant_id', '=', grantId)])).orderBy('model').execute(),
      taps: await ctx.db.selectFrom('taps').select(['id', 'revoked_at']).where('user_id', '=', userId).execute(),
      devices: await ctx.db.selectFrom('devices').select(['id', 'revoked_at']).where('user_id', '=', userId).orderBy('id').execute(),
      audit: await ctx.db.selectFrom('audit_log').select(['seq', 'action']).where('tenant_id', '=', org.tenantId).orderBy('seq').execute(),
    });
    const before = await snapshot();
    expect(before).toMatchObject({ methods: [{}, {}], sessions: [{}, {}, {}], grants: [{}], payloads: [{}, {}], taps: [{ revoked_at: null }], devices: [{ revoked_at: null }, { revoked_at: null }, { revoked_at: null }] });
    const emailsBefore = ctx.emails.length;
    // What each instance hears on the devices' channels (their event streams would close on it).
    const heard: string[] = [];
    const stops = [...new Set([a, b])].flatMap((instance, i) => deviceIds.map((id) => instance.ctx.events.subscribe(deviceChannel(id), () => { heard.push(`${i}:${id}`); })));

    try {
      for (const failure of FAILURES) {
        const response = await withFailure(ctx.db, dialect, failure, () => call(app, 'POST', `/api/admin/users/${userId}/reset-mfa`, org.admin.token, { reason: 'lost phone', ticket: 'HD-9' }));
        expect([failure.name, response.statusCode, codeOf(response)]).toEqual([failure.name, 500, 'ERR_INTERNAL']);
        expect(await snapshot()).toEqual(before);
        expect(ctx.emails.length).toBe(emailsBefore);
        // The user's sessions still work.
        expect((await call(app, 'GET', '/api/me/methods', org.user.token)).statusCode).toBe(200);
      }
      // A NOTIFY from a rolled-back transaction is never delivered; give one a chance to arrive.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(heard).toEqual([]);

      const retried = await call(app, 'POST', `/api/admin/users/${userId}/reset-mfa`, org.admin.token, { reason: 'lost phone', ticket: 'HD-9' });
      expect([retried.statusCode, retried.json()]).toEqual([200, { methodsRemoved: 2, devicesRevoked: 3, sessionsRevoked: 3, grantsRevoked: 1, tapRevoked: true }]);
      await vi.waitFor(() => { expect(heard).toHaveLength(deviceIds.length * new Set([a, b]).size); }, { timeout: 5000, interval: 20 });
      const after = await snapshot();
      expect(after).toMatchObject({ methods: [], grants: [], payloads: [], taps: [{ revoked_at: ctx.now() }] });
      expect(after.sessions.map((s) => s.revoked_at)).toEqual([ctx.now(), ctx.now(), ctx.now()]);
      expect(after.devices.map((d) => d.revoked_at)).toEqual([ctx.now(), ctx.now(), ctx.now()]);
      expect(after.audit.slice(before.audit.length).map((row) => row.action)).toEqual(['method.remove_all', 'tap.revoke', 'admin.device.revoke', 'admin.device.revoke', 'admin.device.revoke', 'admin.mfa.reset']);
      expect(ctx.emails.slice(emailsBefore).map((m) => [m.subject, m.to]).sort()).toEqual([[RESET_SUBJECT, org.user.email], [RESET_SUBJECT, `home-${userId}@mail.example`.toLowerCase()]].sort());
    } finally {
      for (const stop of stops) stop();
    }
  });

  it('a reset of a user with three devices sends one notice and no per-device mail, revokes and audits every device, and closes live event streams here and on another instance', async () => {
    const org = await seedOrg(a.ctx, 'three');
    const owner = { tenantId: org.tenantId, userId: org.user.id };
    const keys = [await newTestKey(), await newTestKey(), await newTestKey()];
    const devices = [];
    for (const [i, key] of keys.entries()) {
      devices.push(await registerTestDevice(a.ctx, owner, `Phone ${i + 1}`, key));
      a.ctx.advance(1000);
    }
    const [first, second] = devices;
    const [keyA, keyB] = keys;
    if (first === undefined || second === undefined || keyA === undefined || keyB === undefined) throw new Error('devices not registered');
    const addressA = await a.app.listen({ host: '127.0.0.1', port: 0 });
    const addressB = b === a ? addressA : await b.app.listen({ host: '127.0.0.1', port: 0 });
    const streamA = await openSse(`${addressA}/api/device/events`, { authorization: `Bearer ${await deviceToken(a.ctx, keyA, first.id)}` });
    const streamB = await openSse(`${addressB}/api/device/events`, { authorization: `Bearer ${await deviceToken(b.ctx, keyB, second.id)}` });
    try {
      expect([streamA.status, streamB.status]).toEqual([200, 200]);
      const emailsBefore = a.ctx.emails.length;

      const response = await call(a.app, 'POST', `/api/admin/users/${org.user.id}/reset-mfa`, org.admin.token, { reason: 'phone stolen', ticket: 'HD-3' });
      expect([response.statusCode, response.json()]).toEqual([200, { methodsRemoved: 0, devicesRevoked: 3, sessionsRevoked: 1, grantsRevoked: 0, tapRevoked: false }]);

      expect(await streamA.next()).toEqual({ event: 'close', id: undefined, data: { reason: 'revoked' } });
      expect(await streamB.next()).toEqual({ event: 'close', id: undefined, data: { reason: 'revoked' } });
      expect(await streamA.next()).toBeUndefined();
      expect(await streamB.next()).toBeUndefined();

      const mails = a.ctx.emails.slice(emailsBefore);
      expect(mails.map((m) => [m.subject, m.to])).toEqual([[RESET_SUBJECT, org.user.email]]);
      expect(mails.some((m) => m.subject === DEVICE_REMOVED_SUBJECT)).toBe(false);
      expect(mails[0]?.text).toContain('authenticator devices');
      expect(mails[0]?.text).toContain('authenticatorsRemoved: 3');
      expect(mails[0]?.text).toContain('ticket: HD-3');

      const rows = await a.ctx.db.selectFrom('devices').select(['id', 'revoked_at']).where('user_id', '=', org.user.id).execute();
      expect(rows.map((d) => d.revoked_at)).toEqual([a.ctx.now(), a.ctx.now(), a.ctx.now()]);
      const audit = await a.ctx.db.selectFrom('audit_log').select(['action', 'actor_user_id', 'detail']).where('tenant_id', '=', org.tenantId)
        .where('action', 'in', ['admin.device.revoke', 'admin.mfa.reset']).orderBy('seq').execute();
      expect(audit.map((row) => [row.action, row.actor_user_id])).toEqual([
        ['admin.device.revoke', org.admin.id], ['admin.device.revoke', org.admin.id], ['admin.device.revoke', org.admin.id], ['admin.mfa.reset', org.admin.id],
      ]);
      expect(audit.slice(0, 3).map((row) => (JSON.parse(row.detail) as { deviceId: string }).deviceId)).toEqual(devices.map((d) => d.id));
      expect(JSON.parse(audit[3]?.detail ?? '{}')).toMatchObject({ reason: 'phone stolen', ticket: 'HD-3', devicesRevoked: 3 });
    } finally {
      await streamA.close();
      await streamB.close();
    }
  });
});
