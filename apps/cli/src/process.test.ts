/**
 * The installed `tessera` command as a real process: what in-process tests cannot see (event-loop
 * lifetime, signals, exit codes set by the entry point).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/tessera.js', import.meta.url));
const BUILT = fileURLToPath(new URL('../dist/main.js', import.meta.url));

let dir: string;
let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  if (!existsSync(BUILT)) throw new Error('apps/cli is not built: run `npm run build` (npm test does) first.');
  dir = await mkdtemp(join(tmpdir(), 'tessera-proc-'));
  env = { ...process.env, TESSERA_VAULT_DIR: dir, TESSERA_KEYCHAIN: 'off', NO_COLOR: '1' };
  const added = spawnSync(process.execPath, [BIN, 'add', '--issuer', 'Proc', '--label', 'me', '--secret', 'JBSWY3DPEHPK3PXP'], { env, encoding: 'utf8' });
  expect(added.status).toBe(0);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
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

  it('rejects a non-positive --frames', () => {
    expect(spawnSync(process.execPath, [BIN, 'watch', '--frames', '0'], { env }).status).toBe(2);
  });
});
