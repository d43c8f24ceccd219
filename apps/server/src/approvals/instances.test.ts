import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, postgresAvailable, type TestDatabase } from '../db/test-support/dialects.js';
import { registerDevice } from '../devices/devices.js';
import { createTestContext, seedSessionToken, seedTenant, seedUser } from '../test-support/context.js';
import { buildServer, startServerProcess, type ServerProcess } from '../test-support/server-process.js';
import { approvalProof, deviceToken, newTestKey, seedAttempt, type TestKey } from './test-support/device.js';
import { openSse } from './test-support/sse.js';

// Both instances sit behind one public name, as behind a load balancer: device tokens name it.
const PUBLIC_URL = 'http://tessera.test';

describe.skipIf(!postgresAvailable())('two tessera-server instances on one PostgreSQL', () => {
  let database: (TestDatabase & { drop(): Promise<void> }) | undefined;
  let dir: string | undefined;
  let a: ServerProcess | undefined;
  let b: ServerProcess | undefined;
  let key: TestKey;
  let deviceId: string;
  let cookie: string;
  let userId: string;
  let adminToken: string;
  const live = { now: Date.now, config: { publicUrl: PUBLIC_URL } };

  beforeAll(async () => {
    await buildServer();
    database = await createTestDatabase('postgres');
    dir = mkdtempSync(join(tmpdir(), 'tessera-instances-'));
    const ctx = createTestContext(database, { TESSERA_SERVER_PUBLIC_URL: PUBLIC_URL });
    ctx.setNow(Date.now());
    const { tenantId, domain } = await seedTenant(ctx);
    userId = await seedUser(ctx, tenantId, `ada@${domain}`);
    adminToken = await seedSessionToken(ctx, tenantId, await seedUser(ctx, tenantId, `admin@${domain}`, { role: 'admin' }));
    key = await newTestKey();
    deviceId = (await registerDevice(ctx, { tenantId, userId, name: 'Phone', publicKey: key.publicJwk, viaTap: false })).id;
    cookie = (await seedAttempt(ctx, tenantId, userId)).cookie;
    const env = { TESSERA_SERVER_DATABASE_URL: database.url, TESSERA_SERVER_DATA_DIR: dir, TESSERA_SERVER_SEAL_KEY_FILE: join(dir, 'seal.key'), TESSERA_SERVER_PUBLIC_URL: PUBLIC_URL };
    [a, b] = await Promise.all([startServerProcess(env), startServerProcess(env)]);
  }, 180_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await database?.drop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  const instances = (): [ServerProcess, ServerProcess] => {
    if (a === undefined || b === undefined) throw new Error('instances not started');
    return [a, b];
  };
  const startPush = async (on: ServerProcess) => {
    const res = await fetch(`${on.url}/signin/push`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(201);
    return res.json() as Promise<{ approvalId: string; number: string; expiresAt: number; waitToken: string }>;
  };

  it('a device\'s event stream on A receives a push created on B; an approval sent to B completes the sign-in waiting on A', async () => {
    const [a, b] = instances();
    expect(a.url).not.toBe(b.url);
    const stream = await openSse(`${a.url}/api/device/events`, { authorization: `Bearer ${await deviceToken(live, key, deviceId)}` });
    try {
      expect(stream.status).toBe(200);
      const push = await startPush(b);
      const event = await stream.next();
      expect(event).toMatchObject({ event: 'approval', id: push.approvalId });
      const { nonce } = event?.data as { nonce: string };

      const waiting = fetch(`${a.url}/api/approvals/${push.approvalId}/wait`, {
        method: 'POST', headers: { authorization: `Bearer ${push.waitToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ timeoutSeconds: 25 }),
      });
      // The wait is pending on A before the answer reaches B.
      expect((await (await fetch(`${a.url}/api/approvals/${push.approvalId}/wait`, {
        method: 'POST', headers: { authorization: `Bearer ${push.waitToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ timeoutSeconds: 0 }),
      })).json())).toEqual({ status: 'pending', expiresAt: push.expiresAt });

      const proof = await approvalProof(live, key.privateKey, { approvalId: push.approvalId, decision: 'approve', number: push.number, nonce });
      const decided = await fetch(`${b.url}/api/device/approvals/${push.approvalId}`, {
        method: 'POST', headers: { authorization: `Bearer ${await deviceToken(live, key, deviceId)}`, 'content-type': 'application/json' },
        body: JSON.stringify({ decision: 'approve', number: push.number, proof }),
      });
      expect([decided.status, await decided.json()]).toEqual([200, { status: 'approved' }]);
      expect(await (await waiting).json()).toEqual({ status: 'approved', expiresAt: push.expiresAt });
      expect(await stream.next()).toEqual({ event: 'resolved', id: push.approvalId, data: { id: push.approvalId, outcome: 'approved' } });
    } finally {
      await stream.close();
    }
  });

  it('a device revoked by an admin on B loses its stream on A at once', async () => {
    const [a, b] = instances();
    const stream = await openSse(`${a.url}/api/device/events`, { authorization: `Bearer ${await deviceToken(live, key, deviceId)}` });
    try {
      expect(stream.status).toBe(200);
      const push = await startPush(b);
      expect(await stream.next()).toMatchObject({ event: 'approval', id: push.approvalId });
      const revoked = await fetch(`${b.url}/api/admin/users/${userId}/devices/${deviceId}`, { method: 'DELETE', headers: { authorization: `Bearer ${adminToken}` } });
      expect(revoked.status).toBe(204);
      expect(await stream.next()).toEqual({ event: 'close', id: undefined, data: { reason: 'revoked' } });
    } finally {
      await stream.close();
    }
  });
});
