import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeBase32, generateTotp } from '@tessera/core';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceToken } from '../approvals/test-support/device.js';
import type { ServerContext } from '../context.js';
import { createTestDatabase, forEachDialect, postgresAvailable, type TestDatabase } from '../db/test-support/dialects.js';
import { beginTotpEnrollment, confirmTotpEnrollment } from '../factors/index.js';
import { launchChromium } from '../oidc/test-support/browser.js';
import { freePort, startDemoClient, startDemoWorld, writeDemoClientsFile, type DemoClient, type DemoWorld } from '../oidc/test-support/demo-client.js';
import { hashPassword } from '../passwords/index.js';
import { createTestContext, seedTenant, seedUser } from '../test-support/context.js';
import { buildServer, startServerProcess, type ServerProcess } from '../test-support/server-process.js';
import { PASSWORD, totpNow, type SignInFixture } from './test-support/fixtures.js';
import { openDeviceStream, type StreamedPush } from './test-support/device-stream.js';
import { approvePush, registerTestDevice, strongSignIn, type DeviceClock, type RegisteredDevice } from './test-support/http-device.js';

async function sessionAmrs(ctx: Pick<ServerContext, 'db'>, userId: string): Promise<unknown[]> {
  const rows = await ctx.db.selectFrom('sessions').select('amr').where('user_id', '=', userId).execute();
  return rows.map((r) => JSON.parse(r.amr) as unknown);
}

interface PushWorld {
  readonly browserUrl: string;
  readonly deviceUrl: string;
  readonly clock: DeviceClock;
  readonly device: RegisteredDevice;
  readonly demo: DemoClient;
  readonly email: string;
  readonly userId: string;
  sessionAmrs(): Promise<unknown[]>;
}

/**
 * The browser signs in to the demo app at `browserUrl`; the device listens on its stream at
 * `deviceUrl`, reads nothing but the push, and approves with the number the test read from the page.
 */
async function signInApprovedByDevice(world: PushWorld): Promise<void> {
  const stream = await openDeviceStream(`${world.deviceUrl}/api/device/events`, await deviceToken(world.clock, world.device.key, world.device.id));
  const browser = await launchChromium();
  try {
    expect(stream.status).toBe(200);
    const page: Page = await browser.context.newPage();
    await page.goto(world.demo.url);
    await page.getByRole('link', { name: 'Sign in with Tessera' }).click();
    await page.getByLabel('Email address').fill(world.email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Approve on your authenticator' }).waitFor();
    expect(new URL(page.url()).origin).toBe(new URL(world.browserUrl).origin);
    const number = (await page.locator('.push-number').textContent())?.trim() ?? '';
    expect(number).toMatch(/^\d\d$/);
    expect(await page.getByRole('status').textContent()).toBe(`Open Tessera on Test phone, and enter ${number}.`);
    expect(await page.getByRole('link', { name: /authenticator app/ }).count()).toBe(1);

    const push = (await stream.next('approval')).data as StreamedPush;
    expect(push.app).toBe('Demo app');
    expect(push.ip).toBe('127.0.0.1');
    expect(await approvePush(world.deviceUrl, world.clock, world.device, push, number)).toBe(200);
    expect(await stream.next('resolved')).toEqual({ id: push.id, data: { id: push.id, outcome: 'approved' } });

    // The page's own refresh (no JavaScript involved) finishes the sign-in and returns to the app.
    await page.locator('#who').waitFor({ timeout: 15_000 });
    expect(await page.locator('#who').textContent()).toBe(`Signed in as ${world.email}`);
    expect(world.demo.signIns.at(-1)?.sub).toBe(world.userId);
    // The Tessera session behind the app's sign-in was made by the push.
    expect(await world.sessionAmrs()).toContainEqual(['pwd', 'mfa', 'push']);
    expect(browser.cspViolations).toEqual([]);
  } finally {
    await browser.close();
    stream.close();
  }
}

forEachDialect('browser sign-in approved on a test device', (get) => {
  let world: DemoWorld;
  let f: SignInFixture;
  let demo: DemoClient;
  let serverUrl: string;
  let device: RegisteredDevice;

  beforeAll(async () => {
    world = await startDemoWorld(get());
    ({ f, demo, serverUrl } = world);
    const session = await strongSignIn(serverUrl, { email: f.email, password: PASSWORD, totpMethodId: f.totpMethodId, code: () => totpNow(f.ctx, f.totpSecret) });
    device = await registerTestDevice(serverUrl, session, 'Test phone');
  });
  afterAll(async () => { await world.close(); });

  it('the browser shows the number, the device approves it over its stream, the demo app shows the user', async () => {
    await signInApprovedByDevice({ browserUrl: serverUrl, deviceUrl: serverUrl, clock: f.ctx, device, demo, email: f.email, userId: f.userId, sessionAmrs: () => sessionAmrs(f.ctx, f.userId) });
  });
});

describe.skipIf(!postgresAvailable())('browser on instance A, device on instance B (two tessera-server processes, one PostgreSQL)', () => {
  let database: (TestDatabase & { drop(): Promise<void> }) | undefined;
  let dir: string | undefined;
  let a: ServerProcess | undefined;
  let b: ServerProcess | undefined;
  let demo: DemoClient | undefined;
  let world: PushWorld | undefined;

  beforeAll(async () => {
    await buildServer();
    database = await createTestDatabase('postgres');
    dir = mkdtempSync(join(tmpdir(), 'tessera-push-instances-'));
    const [portA, portB, demoPort] = [await freePort(), await freePort(), await freePort()];
    const publicUrl = `http://127.0.0.1:${portA}`;
    const ctx = createTestContext(database, { TESSERA_SERVER_PUBLIC_URL: publicUrl });
    // Enrol TOTP a minute in the past, so the code of "now" is a fresh one for the real servers.
    ctx.setNow(Date.now() - 60_000);
    const sealKeyFile = join(dir, 'seal.key');
    writeFileSync(sealKeyFile, `${Buffer.from(ctx.sealKey).toString('base64')}\n`, { mode: 0o600 });
    const { tenantId, domain } = await seedTenant(ctx);
    const email = `ada@${domain}`;
    const userId = await seedUser(ctx, tenantId, email, { passwordHash: await hashPassword(ctx, PASSWORD) });
    const begun = beginTotpEnrollment(ctx, { tenantId, userId, email });
    const secret = decodeBase32(begun.secretBase32);
    const totpMethodId = await confirmTotpEnrollment(ctx, { tenantId, userId, enrollmentToken: begun.enrollmentToken, code: generateTotp({ secret, timestamp: ctx.now() }), viaTap: false });
    const env = {
      TESSERA_SERVER_DATABASE_URL: database.url, TESSERA_SERVER_DATA_DIR: dir, TESSERA_SERVER_SEAL_KEY_FILE: sealKeyFile,
      TESSERA_SERVER_PUBLIC_URL: publicUrl, TESSERA_SERVER_OIDC_CLIENTS_FILE: writeDemoClientsFile(dir, demoPort),
    };
    [a, b] = await Promise.all([startServerProcess({ ...env, TESSERA_SERVER_PORT: String(portA) }), startServerProcess({ ...env, TESSERA_SERVER_PORT: String(portB) })]);
    demo = await startDemoClient({ issuer: `${publicUrl}/oidc`, clientId: 'demo', port: demoPort });
    const clock: DeviceClock = { now: Date.now, config: { publicUrl } };
    // The device registers on B after a strong sign-in there; the browser will use A.
    const session = await strongSignIn(b.url, { email, password: PASSWORD, totpMethodId, code: () => generateTotp({ secret, timestamp: Date.now() }) });
    const device = await registerTestDevice(b.url, session, 'Test phone');
    world = { browserUrl: a.url, deviceUrl: b.url, clock, device, demo, email, userId, sessionAmrs: () => sessionAmrs(ctx, userId) };
  }, 180_000);

  afterAll(async () => {
    await demo?.close();
    await Promise.all([a?.stop(), b?.stop()]);
    await database?.drop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('the push created on A reaches the device\'s stream on B; the approval sent to B completes the browser\'s sign-in on A', async () => {
    if (world === undefined || a === undefined || b === undefined) throw new Error('instances not started');
    expect(new URL(a.url).port).not.toBe(new URL(b.url).port);
    await signInApprovedByDevice(world);
  }, 60_000);
});
