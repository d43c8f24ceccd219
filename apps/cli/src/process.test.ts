/**
 * The installed `tessera` command as a real process: what in-process tests cannot see (event-loop
 * lifetime, signals, exit codes set by the entry point).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireCliBundle } from './store/test-support/processes.js';

const BIN = fileURLToPath(new URL('../bin/tessera.js', import.meta.url));

let dir: string | undefined;
let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  requireCliBundle();
  dir = await mkdtemp(join(tmpdir(), 'tessera-proc-'));
  env = { ...process.env, TESSERA_VAULT_DIR: dir, TESSERA_KEYCHAIN: 'off', NO_COLOR: '1' };
  const added = spawnSync(process.execPath, [BIN, 'add', '--issuer', 'Proc', '--label', 'me', '--secret', 'JBSWY3DPEHPK3PXP'], { env, encoding: 'utf8' });
  expect(added.status).toBe(0);
});
afterAll(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

describe('the tessera process', () => {
  it('exits with the documented code for a typed error, and 0 for --version', () => {
    expect(spawnSync(process.execPath, [BIN, 'code', 'nothing'], { env }).status).toBe(4);
    expect(spawnSync(process.execPath, [BIN, '--version'], { env, encoding: 'utf8' }).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('keeps watching without a terminal until interrupted, then exits cleanly', async () => {
    const child = spawn(process.execPath, [BIN, 'watch'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    // Wait for the first frame (drawn after the SIGINT handler is set), not a fixed time a loaded machine may need to start.
    const drawn = new Promise<void>((resolve) => child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (/Proc \(me\) {2}\d{3} \d{3}/.test(output)) resolve();
    }));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => { resolve(code); }));
    await drawn;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(child.exitCode).toBeNull();
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output).toMatch(/Proc \(me\) {2}\d{3} \d{3}/);
  });

  it('ends quietly with 141 (128 + SIGPIPE) when the reader of its output goes away', async () => {
    const child = spawn(process.execPath, [BIN, 'list'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    // Close the read end before the command prints: its first write meets a closed pipe.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => { resolve(c); }));
    expect(code).toBe(141);
    expect(stderr).toBe('');
  });

  it('rejects a non-positive --frames', () => {
    expect(spawnSync(process.execPath, [BIN, 'watch', '--frames', '0'], { env }).status).toBe(2);
  });
});
