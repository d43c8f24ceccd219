// Live processes for the server benchmarks: `tessera-server` (the installed bin over the built
// output, configured through its environment like any deployment) and the bench-only floor
// server. The load benchmark pins each to CPU 0 when `taskset` exists and there are two CPUs,
// while the load generator (this process) moves to CPU 1 — so the server under test has one
// core to itself; the push benchmark leaves them unpinned.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import pg from 'pg';

const ROOT = new URL('..', import.meta.url).pathname;
const SERVER_BIN = `${ROOT}apps/server/bin/tessera-server.js`;

// Decided once, before this process pins itself (which shrinks what it sees as available).
const PINNABLE = availableParallelism() >= 2 && spawnSync('taskset', ['-V']).status === 0;

/** Whether processes can be pinned to separate cores. */
export function canPin() {
  return PINNABLE;
}

/**
 * Pins every thread of this process to `cpus` (a taskset list such as `1` or `0-1`).
 *
 * @param {string} cpus
 */
export function pinSelf(cpus) {
  if (canPin()) spawnSync('taskset', ['-a', '-p', '-c', cpus, String(process.pid)], { stdio: 'ignore' });
}

/** @typedef {{ url: string, child: import('node:child_process').ChildProcess, output: () => string, stop: () => Promise<void> }} Live */

/**
 * CPU seconds (user + system) used so far by process `pid`, from /proc (Linux; NaN elsewhere).
 * On a shared machine this is steadier than requests/s: it counts only the server's own work.
 *
 * @param {number | undefined} pid
 */
export function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${String(pid)}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of stat (utime, stime) in clock ticks; Linux reports 100 ticks per second.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/**
 * Starts `node script args…` and resolves once it prints `listening on URL`; `output` keeps
 * everything it wrote to stderr, for reporting a failure.
 *
 * @param {string} script
 * @param {string[]} args
 * @param {Record<string, string>} env
 * @param {{ pin?: boolean }} [options] pin to CPU 0 (default: when {@link canPin})
 * @returns {Promise<Live>}
 */
export function startProcess(script, args, env, options = {}) {
  const pin = (options.pin ?? true) && canPin();
  const command = pin ? 'taskset' : process.execPath;
  const argv = pin ? ['-c', '0', process.execPath, script, ...args] : [script, ...args];
  const child = spawn(command, argv, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  child.stderr?.on('data', (/** @type {Buffer} */ chunk) => { output += chunk.toString('utf8'); });
  return new Promise((resolve, reject) => {
    const onData = () => {
      const match = /listening on (http:\/\/[^\s]+)/.exec(output);
      if (match?.[1] === undefined) return;
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
      const stop = () => new Promise((/** @type {(value: void) => void} */ done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      });
      resolve({ url: match[1].replace(/\/$/, ''), child, output: () => output, stop });
    };
    const onExit = (/** @type {number | null} */ code) => { reject(new Error(`${script} exited (${String(code)}) before listening:\n${output}`)); };
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
  });
}

/**
 * Starts `tessera-server` with the given settings (port chosen by the OS, request logging off).
 *
 * @param {{ dataDir: string, databaseUrl: string, sealKeyFile: string, sqliteSync?: 'full' | 'normal', publicUrl?: string, pin?: boolean }} options
 */
export function startTesseraServer(options) {
  return startProcess(SERVER_BIN, [], {
    TESSERA_SERVER_DATA_DIR: options.dataDir,
    TESSERA_SERVER_DATABASE_URL: options.databaseUrl,
    TESSERA_SERVER_SEAL_KEY_FILE: options.sealKeyFile,
    TESSERA_SERVER_PORT: '0',
    TESSERA_SERVER_LOG_LEVEL: 'warn',
    ...(options.sqliteSync === undefined ? {} : { TESSERA_SERVER_SQLITE_SYNC: options.sqliteSync }),
    ...(options.publicUrl === undefined ? {} : { TESSERA_SERVER_PUBLIC_URL: options.publicUrl }),
  }, options.pin === undefined ? {} : { pin: options.pin });
}

/** Admin URL of the local PostgreSQL (as the server's tests use). */
export const PG_ADMIN_URL = process.env['TESSERA_TEST_PG_URL'] ?? 'postgres://root@localhost/postgres?host=/var/run/postgresql';

/**
 * A fresh PostgreSQL database for one run, or undefined (with the reason) when none answers.
 *
 * @returns {Promise<{ url: string, drop: () => Promise<void> } | { url: undefined, reason: string }>}
 */
export async function freshPostgres() {
  const name = `tessera_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
  } catch (error) {
    return { url: undefined, reason: error instanceof Error ? error.message : String(error) };
  } finally {
    await admin.end().catch(() => undefined);
  }
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
