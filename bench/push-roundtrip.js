// Push approval round trip against live tessera-server processes on loopback
// (`node bench/run.js push`, after a build): a sign-in page long-polls
// POST /api/approvals/:id/wait while the device answers POST /api/device/approvals/:id, and the
// clock runs from the device's request leaving to the page's answer arriving — device
// verification (token, single-use jti, proof), the conditional UPDATE, the bus wake-up and the
// re-read — and on to the sign-in completing: the page's status check (GET
// /signin/factor/push/status, what its refresh and "Check now" do) spends the approval once and
// answers with the new session. The device's signatures are made before the clock starts (that is the phone's cost,
// not the server's). Also measured: push delivery, from POST /signin/push leaving to the
// `approval` event arriving on the device's event stream. On SQLite (one instance), PostgreSQL
// (one instance) and PostgreSQL with two instances (page on A, device on B: LISTEN/NOTIFY).
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calculateJwkThumbprint, CompactSign, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { openDatabase } from '../apps/server/dist/db/connect.js';
import { migrateToLatest } from '../apps/server/dist/db/migrate.js';
import { freshPostgres, startTesseraServer } from './server-live.js';
import { quantileNearestRank } from './stats.js';

export const title = 'tessera-server: push approval round trip (sign-in waiting → device approves → sign-in answered → sign-in complete) and push delivery, p50/p99, SQLite and PostgreSQL, one and two instances';

const PUBLIC_URL = 'http://tessera.bench';
const WARMUP = 20;
const ROUNDS = Number(process.env['BENCH_PUSH_ROUNDS'] ?? 300);
const GOAL_P99_MS = 50;

const token = () => randomBytes(32).toString('base64url');
const digest = (/** @type {string} */ t) => createHash('sha256').update(t, 'utf8').digest('hex');

/**
 * A tenant, a user with one registered device, and a sign-in in progress, written through the
 * server's own migrations.
 *
 * @param {string} url
 */
async function seed(url) {
  const handle = openDatabase({ url, sqliteSync: 'normal' });
  try {
    await migrateToLatest(handle.db, handle.dialect);
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const jwk = await exportJWK(publicKey);
    const now = Date.now();
    const ids = { tenant: token(), user: token(), device: token() };
    const domain = 'push.bench.test';
    await handle.db.insertInto('tenants').values({ id: ids.tenant, name: 'Bench', domains: JSON.stringify([domain]), policy: '{}', created_at: now }).execute();
    await handle.db.insertInto('tenant_domains').values({ domain, tenant_id: ids.tenant }).execute();
    await handle.db.insertInto('users').values({ id: ids.user, tenant_id: ids.tenant, email: `ada@${domain}`, display_name: 'Ada', role: 'user', status: 'active', password_hash: null, created_at: now, updated_at: now }).execute();
    await handle.db.insertInto('devices').values({
      id: ids.device, tenant_id: ids.tenant, user_id: ids.user, name: 'Phone', public_key: JSON.stringify({ kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y }),
      thumbprint: await calculateJwkThumbprint(jwk, 'sha256'), registered_with_tap: 0, created_at: now, last_seen_at: null, revoked_at: null,
    }).execute();
    // One sign-in in progress per round: finishing a sign-in ends its attempt.
    const cookies = Array.from({ length: WARMUP + ROUNDS }, () => token());
    const attempts = cookies.map((c) => ({ id: digest(c), tenant_id: ids.tenant, user_id: ids.user, interaction_uid: null, stage: /** @type {const} */ ('factor'), created_at: now, expires_at: now + 3_600_000 }));
    for (let i = 0; i < attempts.length; i += 500) await handle.db.insertInto('sign_in_attempts').values(attempts.slice(i, i + 500)).execute();
    return { deviceId: ids.device, privateKey, cookies: cookies.map((c) => `tessera_signin=${c}`) };
  } finally {
    await handle.close();
  }
}

/**
 * A device token (see docs/formats/push-approval-v1.md).
 *
 * @param {import('jose').CryptoKey} key
 * @param {string} deviceId
 */
function deviceToken(key, deviceId) {
  const iat = Math.floor(Date.now() / 1000);
  return new SignJWT({}).setProtectedHeader({ alg: 'ES256', typ: 'tessera-device+jwt' }).setAudience(PUBLIC_URL).setSubject(deviceId)
    .setJti(token()).setIssuedAt(iat).setExpirationTime(iat + 300).sign(key);
}

/**
 * Opens the device's event stream on `url` and returns a function resolving with the next
 * `approval` event's data.
 *
 * @param {string} url
 * @param {string} bearer
 */
async function eventStream(url, bearer) {
  const response = await fetch(`${url}/api/device/events`, { headers: { authorization: `Bearer ${bearer}` } });
  if (response.body === null || response.status !== 200) throw new Error(`event stream refused: ${response.status}`);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  return {
    async nextApproval() {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (/^event: approval$/m.test(block) && data !== undefined) return /** @type {{ id: string, nonce: string }} */ (JSON.parse(data));
          continue;
        }
        const chunk = await reader.read();
        if (chunk.done) throw new Error('event stream ended');
        buffer += decoder.decode(chunk.value, { stream: true });
      }
    },
    close: () => reader.cancel(),
  };
}

/**
 * One push: the page asks for it on `page`, the device (streaming from `device`) sees it, the
 * page starts waiting, the device approves on `device`.
 *
 * @param {{ page: string, device: string, cookie: string, deviceId: string, privateKey: import('jose').CryptoKey, stream: Awaited<ReturnType<typeof eventStream>> }} s
 */
async function oneRound(s) {
  const sent = performance.now();
  const pushed = await fetch(`${s.page}/signin/push`, { method: 'POST', headers: { cookie: s.cookie, 'content-type': 'application/json' }, body: '{}' });
  const created = /** @type {{ approvalId: string, number: string, waitToken: string }} */ (await pushed.json());
  const event = await s.stream.nextApproval();
  const delivered = performance.now() - sent;
  if (event.id !== created.approvalId) throw new Error('the stream announced another push');
  const waiting = fetch(`${s.page}/api/approvals/${created.approvalId}/wait`, { method: 'POST', headers: { authorization: `Bearer ${created.waitToken}`, 'content-type': 'application/json' }, body: '{"timeoutSeconds":25}' });
  const proof = await new CompactSign(new TextEncoder().encode(JSON.stringify({ approvalId: created.approvalId, decision: 'approve', number: created.number, nonce: event.nonce, iat: Math.floor(Date.now() / 1000) })))
    .setProtectedHeader({ alg: 'ES256', typ: 'tessera-approval+jws' }).sign(s.privateKey);
  const bearer = await deviceToken(s.privateKey, s.deviceId);
  // Let the wait reach the server and subscribe; a late one still reads the row, only slower.
  await new Promise((resolve) => setTimeout(resolve, 5));
  const start = performance.now();
  const decided = await fetch(`${s.device}/api/device/approvals/${created.approvalId}`, {
    method: 'POST', headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' }, body: JSON.stringify({ decision: 'approve', number: created.number, proof }),
  });
  const [answer] = await Promise.all([waiting.then((r) => r.json()), decided.text()]);
  const roundTrip = performance.now() - start;
  if (/** @type {{ status: string }} */ (answer).status !== 'approved') throw new Error(`the page saw ${JSON.stringify(answer)}`);
  // The sign-in page looks again (its refresh or "Check now"): the approval is spent once and the session made.
  const finished = await fetch(`${s.page}/signin/factor/push/status`, { headers: { cookie: s.cookie }, redirect: 'manual' });
  await finished.arrayBuffer();
  const completed = performance.now() - start;
  if (finished.status !== 303 || !finished.headers.getSetCookie().some((c) => c.startsWith('tessera_session='))) throw new Error(`the sign-in did not complete: ${finished.status}`);
  return { roundTrip, delivered, completed };
}

/**
 * Seeds `databaseUrl`, starts `instances` servers on it and measures.
 *
 * @param {string} label
 * @param {string} databaseUrl
 * @param {number} instances
 */
async function scenario(label, databaseUrl, instances) {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-push-bench-'));
  const seeded = await seed(databaseUrl);
  // Unpinned: pinning would put both servers of the two-instance setup on one core.
  const start = () => startTesseraServer({ dataDir: dir, databaseUrl, sealKeyFile: join(dir, 'seal.key'), sqliteSync: 'full', publicUrl: PUBLIC_URL, pin: false });
  const first = await start();
  const servers = [first, ...(instances > 1 ? [await start()] : [])];
  const deviceSide = servers[servers.length - 1] ?? first;
  try {
    const stream = await eventStream(deviceSide.url, await deviceToken(seeded.privateKey, seeded.deviceId));
    let next = 0;
    const round = () => oneRound({ page: first.url, device: deviceSide.url, deviceId: seeded.deviceId, privateKey: seeded.privateKey, cookie: seeded.cookies[next++] ?? '', stream });
    try {
      for (let i = 0; i < WARMUP; i++) await round();
      /** @type {number[]} */ const trips = [];
      /** @type {number[]} */ const deliveries = [];
      /** @type {number[]} */ const completions = [];
      for (let i = 0; i < ROUNDS; i++) {
        const { roundTrip, delivered, completed } = await round();
        trips.push(roundTrip);
        deliveries.push(delivered);
        completions.push(completed);
      }
      return {
        label,
        p50: quantileNearestRank(trips, 0.5), p99: quantileNearestRank(trips, 0.99),
        d50: quantileNearestRank(deliveries, 0.5), d99: quantileNearestRank(deliveries, 0.99),
        c50: quantileNearestRank(completions, 0.5), c99: quantileNearestRank(completions, 0.99),
      };
    } finally {
      await stream.close().catch(() => undefined);
    }
  } catch (error) {
    for (const s of servers) console.error(s.output());
    throw error;
  } finally {
    for (const s of servers) await s.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run() {
  const sqliteDir = mkdtempSync(join(tmpdir(), 'tessera-push-sqlite-'));
  /** @type {Array<{ label: string, p50: number, p99: number, d50: number, d99: number, c50: number, c99: number }>} */
  const rows = [];
  try {
    rows.push(await scenario('SQLite (synchronous=FULL), one instance', join(sqliteDir, 'push.db'), 1));
  } finally {
    rmSync(sqliteDir, { recursive: true, force: true });
  }
  for (const instances of [1, 2]) {
    const pgdb = await freshPostgres();
    if (pgdb.url === undefined) {
      console.log(`PostgreSQL not available (${pgdb.reason}): skipped`);
      break;
    }
    try {
      rows.push(await scenario(instances === 1 ? 'PostgreSQL, one instance' : 'PostgreSQL, two instances (page on A, device on B)', pgdb.url, instances));
    } finally {
      await pgdb.drop();
    }
  }
  const ms = (/** @type {number} */ n) => `${n.toFixed(1)} ms`;
  console.log(`${ROUNDS} sequential pushes after ${WARMUP} warm-up, loopback\n`);
  console.log('| setup | round trip p50 | round trip p99 | to sign-in complete p50 | to sign-in complete p99 | push delivery p50 | push delivery p99 |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.label} | ${ms(r.p50)} | ${ms(r.p99)} | ${ms(r.c50)} | ${ms(r.c99)} | ${ms(r.d50)} | ${ms(r.d99)} |`);
  const answered = rows.every((r) => r.p99 <= GOAL_P99_MS);
  const ok = rows.every((r) => r.c99 <= GOAL_P99_MS);
  console.log(`\nGoal: round trip p99 ≤ ${GOAL_P99_MS} ms — ${answered ? 'met' : 'missed'}; to sign-in complete p99 ≤ ${GOAL_P99_MS} ms — ${ok ? 'met' : 'missed'}.`);
  return { ok };
}
