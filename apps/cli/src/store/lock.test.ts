import { readFile, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { breakStaleLock, LOCK_FILE_NAME, parseHolder, withLock } from './lock.js';
import { deadPid, fixture, requireBuilt, runNode, startNode } from './test-support/processes.js';
import { entries, tempDir } from './test-support/temp-dir.js';

function holderJson(fields: Record<string, unknown>): string {
  return `${JSON.stringify({ pid: process.pid, hostname: hostname(), createdAt: new Date().toISOString(), token: 't', ...fields })}\n`;
}

describe('withLock', () => {
  it('holds vault.lock (pid, host, time) while fn runs and removes it afterwards', async () => {
    const dir = await tempDir();
    const seen = await withLock(dir, async () => parseHolder(await readFile(join(dir, LOCK_FILE_NAME))));
    expect(seen).toMatchObject({ pid: process.pid, hostname: hostname() });
    expect(await entries(dir)).toEqual([]);
  });

  it('releases the lock when fn throws', async () => {
    const dir = await tempDir();
    await expect(withLock(dir, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await entries(dir)).toEqual([]);
  });

  it('serialises holders in one process', async () => {
    const dir = await tempDir();
    const log: string[] = [];
    const hold = (name: string) =>
      withLock(dir, async () => {
        log.push(`${name}+`);
        await new Promise((resolve) => setTimeout(resolve, 20));
        log.push(`${name}-`);
      });
    await Promise.all([hold('a'), hold('b'), hold('c')]);
    expect(log.join(' ')).toMatch(/^(\w)\+ \1- (\w)\+ \2- (\w)\+ \3-$/);
  });

  it('waits for another process to release, then takes the lock', async () => {
    const dir = await tempDir();
    const { exited } = await startNode([fixture('hold-lock.js'), dir, '400'], 'held');
    const started = Date.now();
    await withLock(dir, () => undefined);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    await exited;
  });

  it('times out with ERR_VAULT_LOCKED naming the live holder', async () => {
    const dir = await tempDir();
    const { child, exited } = await startNode([fixture('hold-lock.js'), dir, '5000'], 'held');
    try {
      const error: unknown = await withLock(dir, () => undefined, { timeoutMs: 300 }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'ERR_VAULT_LOCKED' });
      expect(String(error)).toContain(`pid ${String(child.pid)}`);
      // The holder is alive (perhaps waiting for a passphrase): never advise deleting its lock.
      expect(String(error)).not.toContain('delete');
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
  });

  it('takes over a lock whose holder pid is dead on this host', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, LOCK_FILE_NAME), holderJson({ pid: await deadPid() }));
    // Waiting for the dead holder would end in ERR_VAULT_LOCKED at the timeout instead.
    expect(await withLock(dir, () => 'mine', { timeoutMs: 2000 })).toBe('mine');
    expect(await entries(dir)).toEqual([]);
  });

  it('takes over a lock from an earlier boot even if its pid is alive now', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, LOCK_FILE_NAME), holderJson({ boot: 'earlier-boot' }));
    expect(await withLock(dir, () => 'mine', { timeoutMs: 500, bootId: 'this-boot' })).toBe('mine');
  });

  it('never breaks a lock held from another host', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, LOCK_FILE_NAME), holderJson({ pid: await deadPid(), hostname: 'elsewhere' }));
    const error: unknown = await withLock(dir, () => undefined, { timeoutMs: 200 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERR_VAULT_LOCKED' });
    expect(String(error)).toContain('"elsewhere"');
    expect(String(error)).toContain(`delete ${join(dir, LOCK_FILE_NAME)}`);
  });

  it('treats an unreadable lock as stale only after a grace period', async () => {
    const dir = await tempDir();
    const path = join(dir, LOCK_FILE_NAME);
    await writeFile(path, '');
    await expect(withLock(dir, () => undefined, { timeoutMs: 100 })).rejects.toMatchObject({ code: 'ERR_VAULT_LOCKED' });
    const past = new Date(Date.now() - 60_000);
    await utimes(path, past, past);
    expect(await withLock(dir, () => 'mine', { timeoutMs: 500 })).toBe('mine');
  });
});

describe('breakStaleLock', () => {
  it('removes the lock it judged stale', async () => {
    const dir = await tempDir();
    const path = join(dir, LOCK_FILE_NAME);
    await writeFile(path, 'stale');
    await breakStaleLock(path, Buffer.from('stale'));
    expect(await entries(dir)).toEqual([]);
  });

  it('puts back a live lock that replaced the stale one in the meantime', async () => {
    const dir = await tempDir();
    const path = join(dir, LOCK_FILE_NAME);
    await writeFile(path, 'live');
    await breakStaleLock(path, Buffer.from('stale'));
    expect(await readFile(path, 'utf8')).toBe('live');
    expect(await entries(dir)).toEqual([LOCK_FILE_NAME]);
  });
});

describe('withLock across processes (needs the build: npx tsc -b tsconfig.build.json)', () => {
  it('4 processes × 25 read-pause-write increments under the lock → exactly 100', async () => {
    requireBuilt('store/lock.js');
    const dir = await tempDir();
    await writeFile(join(dir, 'counter'), '0');
    await Promise.all(Array.from({ length: 4 }, () => runNode([fixture('lock-counter.js'), dir, '25'])));
    expect(await readFile(join(dir, 'counter'), 'utf8')).toBe('100');
    expect(await entries(dir)).toEqual(['counter']);
  });
});
