/**
 * Crash consistency of the real CLI (security.md §2b, case 34): `kill -9` the `tessera add`
 * process at random moments, many of them while it holds the lock and writes, and check after
 * every kill that the vault opens and holds exactly the old or the new state, that no
 * plaintext is left behind, and that the dead process's lock does not block the next writer.
 * Needs the build (`npm run build`, which makes the bundle the command runs; `npm test` builds first).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Account } from '@tessera/core';
import { describe, expect, it } from 'vitest';
import { isAtomicTempName } from './atomic-write.js';
import { requireCliBundle } from './test-support/processes.js';
import { tempDir } from './test-support/temp-dir.js';
import { fileStore, SECRET } from './test-support/vaults.js';

const ITERATIONS = 100;
/** The installed `tessera` command (the bin shim npm links), which loads the build. */
const TESSERA_BIN = fileURLToPath(new URL('../../bin/tessera.js', import.meta.url));
const ISSUER = 'Crash Test';
const VAULT_FILES = new Set(['vault.age', 'vault.json', 'device.key', 'vault.lock']);
const env = { ...process.env, TESSERA_KEYCHAIN: 'off', TESSERA_PASSPHRASE: '' };
const isTemp = (name: string): boolean => isAtomicTempName(name);

interface Run {
  readonly killed: boolean;
  readonly code: number | null;
  readonly stderr: string;
  /** Time from spawn until `vault.lock` appeared (the start of the write window), if seen. */
  readonly lockedAfterMs: number | undefined;
}

/** When to kill: a fixed time after spawn, a random time after the lock appears, or never. */
type KillPlan = { readonly afterSpawnMs: number } | { readonly afterLockMs: number } | undefined;

/** Runs `tessera --vault-dir <dir> add …` and sends SIGKILL as `plan` says. */
async function add(dir: string, label: string, plan?: KillPlan): Promise<Run> {
  const started = performance.now();
  const args = [TESSERA_BIN, '--vault-dir', dir, 'add', '--issuer', ISSUER, '--label', label, '--secret', SECRET];
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  let lockedAfterMs: number | undefined;
  const kill = (): void => {
    child.kill('SIGKILL');
  };
  // Poll (every ~1 ms) for the lock file: it marks read → encrypt → write, the window worth hitting.
  const poll = setInterval(() => {
    if (lockedAfterMs !== undefined || !existsSync(join(dir, 'vault.lock'))) return;
    lockedAfterMs = performance.now() - started;
    if (plan !== undefined && 'afterLockMs' in plan) setTimeout(kill, plan.afterLockMs);
  }, 1);
  if (plan !== undefined && 'afterSpawnMs' in plan) setTimeout(kill, plan.afterSpawnMs);
  // Awaiting 'exit' also reaps the child, so its pid is really gone (not a zombie) for the lock check.
  const [code, signal] = await exited;
  clearInterval(poll);
  return { killed: signal === 'SIGKILL', code, stderr, lockedAfterMs };
}

/** A third of the kills anywhere before the write window, the rest in it or just after it. */
function killPlan(msToLock: number): KillPlan {
  if (Math.random() < 0.3) return { afterSpawnMs: Math.random() * msToLock };
  return { afterLockMs: Math.random() * 100 };
}

/** Checks the folder after a kill; returns what the dead process left behind. */
async function leftovers(dir: string): Promise<{ lock: boolean; temps: number }> {
  const names = await readdir(dir);
  for (const name of names) {
    expect(VAULT_FILES.has(name) || isTemp(name), `unexpected file ${name}`).toBe(true);
    if (isTemp(name)) {
      const text = await readFile(join(dir, name), 'latin1');
      for (const needle of [SECRET, ISSUER]) expect(text, `plaintext in ${name}`).not.toContain(needle);
    }
  }
  return { lock: names.includes('vault.lock'), temps: names.filter(isTemp).length };
}

describe('kill -9 during writes (needs the build: npm run build)', () => {
  it(`the vault always holds the old or the new state (${ITERATIONS} kills)`, { timeout: 180_000 }, async () => {
    requireCliBundle();
    const dir = join(await tempDir('tessera-crash-'), 'vault');
    const first = await add(dir, 'L0');
    expect(first.code, first.stderr).toBe(0);
    let msToLock = (await add(dir, 'L1')).lockedAfterMs ?? 300;
    let accounts: readonly Account[] = (await fileStore(dir).read()).accounts;
    expect(accounts).toHaveLength(2);
    const seen = { old: 0, new: 0, staleLocks: 0, orphanTemps: 0 };

    for (let i = 2; i < ITERATIONS + 2; i++) {
      const label = `L${i}`;
      const run = await add(dir, label, killPlan(msToLock));
      if (!run.killed) expect(run.code, run.stderr).toBe(0);
      if (run.lockedAfterMs !== undefined) msToLock = (msToLock * 3 + run.lockedAfterMs) / 4;
      const left = await leftovers(dir);
      seen.staleLocks += left.lock ? 1 : 0;
      seen.orphanTemps += left.temps;

      const now = (await fileStore(dir).read()).accounts;
      const kept = now.filter((a) => accounts.some((b) => b.id === a.id));
      expect(kept).toEqual(accounts);
      const added = now.filter((a) => !accounts.some((b) => b.id === a.id));
      expect(added.length).toBeLessThanOrEqual(1);
      if (added.length === 1) expect(added[0]).toMatchObject({ issuer: ISSUER, label });
      if (!run.killed) expect(added).toHaveLength(1);
      seen[added.length === 1 ? 'new' : 'old'] += 1;
      accounts = now;

      // The dead writer's lock must not block the next one: a writer gets in at once and
      // sweeps what was left.
      await fileStore(dir, { lock: { timeoutMs: 2_000 } }).update((vault) => ({ vault, result: undefined }));
      expect(await readdir(dir)).not.toContain('vault.lock');
      expect((await readdir(dir)).filter(isTemp)).toEqual([]);
    }

    expect(seen.old + seen.new).toBe(ITERATIONS);
    expect(seen.old, JSON.stringify(seen)).toBeGreaterThan(0);
    expect(seen.new, JSON.stringify(seen)).toBeGreaterThan(0);
    // Kills did land while the lock was held (the read → encrypt → write window).
    expect(seen.staleLocks, JSON.stringify(seen)).toBeGreaterThan(0);
  });
});
