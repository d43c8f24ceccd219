import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The built `tessera-server` as an operator runs it: first start prints the setup link, the
// `setup-token` subcommand prints another, and a used link is dead.
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const BIN = join(ROOT, 'apps/server/bin/tessera-server.js');
const run = promisify(execFile);

function env(dataDir: string, port = 0): Record<string, string> {
  return {
    PATH: process.env['PATH'] ?? '', HOME: dataDir, TESSERA_SERVER_DATA_DIR: dataDir, TESSERA_SERVER_HOST: '127.0.0.1',
    TESSERA_SERVER_PORT: String(port), TESSERA_SERVER_LOG_LEVEL: 'silent',
  };
}

/** Starts the server, waits for it to listen, returns its URL, stderr so far and a stop function. */
async function start(dataDir: string): Promise<{ url: string; stderr: () => string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [BIN], { cwd: ROOT, env: env(dataDir), stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
      // The setup link, if any, comes in the same write as the listening line.
      const match = /listening on (http:\/\/\S+) /.exec(stderr);
      if (match?.[1] !== undefined) resolve(match[1]);
    });
    child.once('exit', (code) => { reject(new Error(`tessera-server exited ${String(code)}: ${stderr}`)); });
  });
  return {
    url, stderr: () => stderr,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

describe('tessera-server setup link and setup-token', () => {
  let dataDir: string;

  beforeAll(async () => {
    await run('npx', ['tsc', '-b', 'tsconfig.build.json'], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
    dataDir = mkdtempSync(join(tmpdir(), 'tessera-server-main-'));
  }, 240_000);
  afterAll(() => { rmSync(dataDir, { recursive: true, force: true }); });

  it('prints a link on first start that creates the tenant once; later starts print none', async () => {
    const server = await start(dataDir);
    try {
      const link = /(http:\/\/\S+\/setup\?token=([A-Za-z0-9_-]+))/.exec(server.stderr());
      expect(link).not.toBeNull();
      const token = link?.[2] ?? '';
      const body = { token, tenantName: 'Process Org', email: 'root@process.example', displayName: 'Root', password: 'seven quiet harbour lamps' };
      const created = await fetch(`${server.url}/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(created.status).toBe(201);
      const again = await fetch(`${server.url}/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...body, email: 'x@other-process.example' }) });
      expect(again.status).toBe(401);
    } finally {
      await server.stop();
    }
    const second = await start(dataDir);
    try {
      expect(second.stderr()).not.toContain('/setup?token=');
    } finally {
      await second.stop();
    }
  }, 60_000);

  it('`setup-token` prints a fresh single-use link on stdout', async () => {
    const first = await run(process.execPath, [BIN, 'setup-token'], { cwd: ROOT, env: env(dataDir) });
    const second = await run(process.execPath, [BIN, 'setup-token'], { cwd: ROOT, env: env(dataDir) });
    const pattern = /^http:\/\/localhost:0\/setup\?token=[A-Za-z0-9_-]{43}\n$/;
    expect(first.stdout).toMatch(pattern);
    expect(second.stdout).toMatch(pattern);
    expect(first.stdout).not.toBe(second.stdout);
    const unknown = run(process.execPath, [BIN, 'no-such-command'], { cwd: ROOT, env: env(dataDir) });
    await expect(unknown).rejects.toMatchObject({ code: 1 });
  }, 60_000);
});
