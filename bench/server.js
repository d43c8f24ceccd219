// tessera-server under load, against live processes on loopback (`node bench/run.js server`):
// a) TOTP verification requests/s through POST /api/me/step-up — session lookup, user, policy,
//    throttle, unsealing the seed, ±1-step check, the compare-and-swap that spends the code,
//    the session's re-authentication mark and the audit line — on SQLite (synchronous=FULL, the
//    default, and NORMAL) and on PostgreSQL (a fresh database on the local server);
// b) the floor in the same run: a minimal Fastify route with one SQLite primary-key lookup and
//    one HMAC (bench/server-floor.js), measured before and after the server runs;
// c) sign-in latency (password step, then TOTP step) with 100 vs 100,000 users seeded.
// autocannon: 100 connections, 3 s warm-up, then 10 s (BENCH_SERVER_SECONDS overrides).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { loadConfig } from '../apps/server/dist/config/config.js';
import { hashPassword } from '../apps/server/dist/passwords/hash.js';
import { seedDirectory } from './server-seed.js';
import { canPin, cpuSeconds, freshPostgres, pinSelf, startProcess, startTesseraServer } from './server-live.js';
import { hammer } from './server-load.js';
import { FormClient, signIn } from './server-signin.js';
import { quantileNearestRank } from './stats.js';

/** @typedef {Awaited<ReturnType<typeof measure>>} Load */

export const title = 'tessera-server: TOTP step-up requests/s (SQLite, PostgreSQL) against a minimal Fastify route; sign-in latency with 100 vs 100,000 users';

const CONNECTIONS = 100;
const WARMUP_S = 3;
const MEASURE_S = Number(process.env['BENCH_SERVER_SECONDS'] ?? 10);
const STEP_UP_USERS = 40_000;
const SIGN_INS = 100;
const FEW = 100;
const MANY = 100_000;
const PASSWORD = 'correct horse battery staple 42';
const FLOOR_GOAL = 0.6;
const SCALE_GOAL = 1.1;

const fmt = (/** @type {number} */ n) => Math.round(n).toLocaleString('en-US');

/**
 * Warm-up, then the measured run, against `url` + `path`.
 *
 * @param {string} url
 * @param {string} path
 * @param {import('./server-seed.js').BenchUser[]} users
 * @param {number | undefined} pid the server process, for its CPU time
 */
async function measure(url, path, users, pid) {
  await hammer({ url, path, users, seconds: WARMUP_S, connections: CONNECTIONS });
  const cpuBefore = cpuSeconds(pid);
  const result = await hammer({ url, path, users, seconds: MEASURE_S, connections: CONNECTIONS });
  const cpuUs = ((cpuSeconds(pid) - cpuBefore) * 1e6) / (result.ok + result.non2xx);
  return { ...result, cpuUs };
}

/**
 * A SQLite file holding token → seed for the floor route.
 *
 * @param {string} dir
 * @param {import('./server-seed.js').BenchUser[]} users
 */
function floorDatabase(dir, users) {
  const file = join(dir, 'floor.db');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec('create table floor (token text primary key, seed blob not null)');
  const insert = db.prepare('insert into floor (token, seed) values (?, ?)');
  db.transaction(() => { for (const u of users) insert.run(u.token, u.seed); })();
  db.close();
  return file;
}

/**
 * Seeds a fresh database at `databaseUrl`, starts tessera-server on it and loads it.
 *
 * @param {{ dir: string, sealKey: Buffer, sealKeyFile: string, databaseUrl: string, sqliteSync?: 'full' | 'normal' }} options
 */
async function stepUpRun(options) {
  const { users } = await seedDirectory({ url: options.databaseUrl, sealKey: new Uint8Array(options.sealKey), count: STEP_UP_USERS, sessions: true });
  const server = await startTesseraServer({ dataDir: options.dir, databaseUrl: options.databaseUrl, sealKeyFile: options.sealKeyFile, ...(options.sqliteSync === undefined ? {} : { sqliteSync: options.sqliteSync }) });
  try {
    return await measure(server.url, '/api/me/step-up', users, server.child.pid);
  } finally {
    await server.stop();
  }
}

/**
 * Sign-in latency on a server with `FEW` users against one with `MANY`, alternating.
 *
 * @param {string} dir
 * @param {Buffer} sealKey
 * @param {string} sealKeyFile
 */
async function signInLatency(dir, sealKey, sealKeyFile) {
  const { config } = loadConfig({});
  const passwordHash = await hashPassword({ config }, PASSWORD);
  /** @type {Record<'few' | 'many', { users: import('./server-seed.js').BenchUser[], client: FormClient | undefined, password: number[], totp: number[] }>} */
  const sides = {
    few: { users: [], client: undefined, password: [], totp: [] },
    many: { users: [], client: undefined, password: [], totp: [] },
  };
  /** @type {Array<{ stop: () => Promise<void> }>} */
  const servers = [];
  try {
    for (const [name, count] of /** @type {const} */ ([['few', FEW], ['many', MANY]])) {
      const databaseUrl = join(dir, `signin-${name}.db`);
      sides[name].users = (await seedDirectory({ url: databaseUrl, sealKey: new Uint8Array(sealKey), count, sessions: false, passwordHash })).users;
      const server = await startTesseraServer({ dataDir: dir, databaseUrl, sealKeyFile });
      servers.push(server);
      const client = new FormClient(server.url);
      await client.open();
      sides[name].client = client;
    }
    for (let round = -5; round < SIGN_INS; round++) {
      for (const name of round % 2 === 0 ? /** @type {const} */ (['few', 'many']) : /** @type {const} */ (['many', 'few'])) {
        const side = sides[name];
        const users = side.users;
        const user = name === 'few' ? users[(round + 5) % users.length] : users[Math.floor(Math.random() * users.length)];
        if (user === undefined || side.client === undefined) throw new Error('no user to sign in');
        const { passwordMs, totpMs } = await signIn(side.client, user, PASSWORD);
        if (round < 0) continue;
        side.password.push(passwordMs);
        side.totp.push(totpMs);
      }
    }
  } finally {
    for (const server of servers) await server.stop();
  }
  const stat = (/** @type {number[]} */ v) => ({ p50: quantileNearestRank(v, 0.5), p99: quantileNearestRank(v, 0.99) });
  return {
    few: { password: stat(sides.few.password), totp: stat(sides.few.totp) },
    many: { password: stat(sides.many.password), totp: stat(sides.many.totp) },
  };
}

/** @param {string} name @param {Load} r @param {number} floor */
function row(name, r, floor) {
  const errors = r.non2xx + r.errors + r.timeouts;
  const statuses = Object.entries(r.statuses).map(([s, n]) => `${s}: ${fmt(n)}`).join(', ');
  const failures = errors === 0 ? '0' : `${fmt(errors)} (${fmt(r.non2xx)} non-2xx, ${fmt(r.errors)} socket errors, ${fmt(r.timeouts)} timeouts)`;
  return `| ${name} | ${fmt(r.rps)} | ${(r.rps / floor).toFixed(2)}× | ${fmt(r.cpuUs)} | ${r.p50} / ${r.p99} | ${fmt(r.ok)} | ${failures} | ${statuses} |`;
}

/** Runs the section. */
export async function run() {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-bench-server-'));
  const sealKey = randomBytes(32);
  const sealKeyFile = join(dir, 'seal.key');
  writeFileSync(sealKeyFile, `${sealKey.toString('base64')}\n`, { mode: 0o600 });
  pinSelf('1');
  const lines = [
    `Live servers on loopback${canPin() ? ', server pinned to CPU 0 and autocannon (this process) to CPU 1' : ' (not pinned: taskset or a second CPU missing)'}; autocannon ${CONNECTIONS} connections, ${WARMUP_S} s warm-up then ${MEASURE_S} s; ${fmt(STEP_UP_USERS)} users seeded per database, each request a fresh valid TOTP code.`,
    '',
  ];
  try {
    const floorUsers = (await seedDirectory({ url: join(dir, 'floor-seed.db'), sealKey: new Uint8Array(sealKey), count: STEP_UP_USERS, sessions: true })).users;
    const floorServer = await startProcess(new URL('./server-floor.js', import.meta.url).pathname, [floorDatabase(dir, floorUsers)], {});
    const floorBefore = await measure(floorServer.url, '/floor', floorUsers, floorServer.child.pid);
    /** @type {Array<[string, Load | string]>} */
    const runs = [];
    runs.push(['step-up, SQLite synchronous=FULL (default)', await stepUpRun({ dir, sealKey, sealKeyFile, databaseUrl: join(dir, 'full.db') })]);
    runs.push(['step-up, SQLite synchronous=NORMAL', await stepUpRun({ dir, sealKey, sealKeyFile, databaseUrl: join(dir, 'normal.db'), sqliteSync: 'normal' })]);
    const pg = await freshPostgres();
    if (pg.url === undefined) runs.push(['step-up, PostgreSQL', `skipped: no PostgreSQL (${pg.reason})`]);
    else {
      try {
        runs.push(['step-up, PostgreSQL (local server, not pinned)', await stepUpRun({ dir, sealKey, sealKeyFile, databaseUrl: pg.url })]);
      } finally {
        await pg.drop();
      }
    }
    const floorAfter = await measure(floorServer.url, '/floor', floorUsers, floorServer.child.pid);
    await floorServer.stop();
    const floor = (floorBefore.rps + floorAfter.rps) / 2;
    const floorCpuUs = (floorBefore.cpuUs + floorAfter.cpuUs) / 2;
    lines.push(
      '| route | req/s | vs floor | server CPU µs/request | latency p50 / p99 ms | 2xx | not 2xx | statuses |',
      '|---|---:|---:|---:|---:|---:|---:|---|',
      row('floor: Fastify + 1 SQLite PK lookup + 1 HMAC (before)', floorBefore, floor),
      row('floor (after)', floorAfter, floor),
    );
    /** @type {Array<[string, boolean]>} */
    const goals = [];
    for (const [name, result] of runs) {
      if (typeof result === 'string') { lines.push(`| ${name} | ${result} | | | | | | |`); continue; }
      lines.push(row(name, result, floor));
      const bad = result.non2xx + result.errors + result.timeouts;
      const byCpu = `by server CPU per request ${(floorCpuUs / result.cpuUs).toFixed(2)}×`;
      goals.push([`${name}: ≥ ${FLOOR_GOAL}× the floor (${(result.rps / floor).toFixed(2)}×; floor ${fmt(floor)} req/s, mean of before/after; ${byCpu})`, result.rps / floor >= FLOOR_GOAL]);
      goals.push([`${name}: (almost) all answers 200 (${fmt(bad)} of ${fmt(result.ok + bad)} were not)`, bad <= 0.001 * (result.ok + bad)]);
    }
    const latency = await signInLatency(dir, sealKey, sealKeyFile);
    const ms = (/** @type {number} */ n) => n.toFixed(1);
    const passwordRatio = latency.many.password.p50 / latency.few.password.p50;
    const totpRatio = latency.many.totp.p50 / latency.few.totp.p50;
    lines.push(
      '',
      `Sign-in latency, ${SIGN_INS} sign-ins per server after 5 warm-up, alternating, one at a time (SQLite, default config):`,
      '',
      '| users seeded | password step p50 / p99 ms | TOTP step p50 / p99 ms |',
      '|---:|---:|---:|',
      `| ${fmt(FEW)} | ${ms(latency.few.password.p50)} / ${ms(latency.few.password.p99)} | ${ms(latency.few.totp.p50)} / ${ms(latency.few.totp.p99)} |`,
      `| ${fmt(MANY)} | ${ms(latency.many.password.p50)} / ${ms(latency.many.password.p99)} | ${ms(latency.many.totp.p50)} / ${ms(latency.many.totp.p99)} |`,
      `| ratio (p50) | ${passwordRatio.toFixed(2)}× | ${totpRatio.toFixed(2)}× |`,
      '',
    );
    goals.push([`password step with ${fmt(MANY)} users ≤ ${SCALE_GOAL}× ${fmt(FEW)} users (p50 ${passwordRatio.toFixed(2)}×)`, passwordRatio <= SCALE_GOAL]);
    goals.push([`TOTP step with ${fmt(MANY)} users ≤ ${SCALE_GOAL}× ${fmt(FEW)} users (p50 ${totpRatio.toFixed(2)}×)`, totpRatio <= SCALE_GOAL]);
    for (const [text, met] of goals) lines.push(`${met ? 'PASS' : 'MISS'}  ${text}`);
    for (const line of lines) console.log(line);
    return { ok: goals.every(([, met]) => met) };
  } finally {
    pinSelf(`0-${cpus().length - 1}`);
    rmSync(dir, { recursive: true, force: true });
  }
}
