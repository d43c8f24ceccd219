import { writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { isAtomicTempName } from './atomic-write.js';
import { breakStaleLock, LOCK_FILE_NAME, staleLockGraveName } from './lock.js';
import { entries, tempDir } from './test-support/temp-dir.js';
import { fileStore, sampleVault } from './test-support/vaults.js';

// Records where breakStaleLock moves a lock, passing every call through to the real file system.
const renamedTo = vi.hoisted(() => [] as string[]);
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...actual,
    rename: async (from: string, to: string) => {
      renamedTo.push(to);
      await actual.rename(from, to);
    },
  };
});

describe('the lock-breaker’s moved lock', () => {
  it('has a name of its own, never an atomic-write temp name', async () => {
    const dir = await tempDir();
    const path = join(dir, LOCK_FILE_NAME);
    await writeFile(path, 'stale');
    renamedTo.length = 0;
    await breakStaleLock(path, Buffer.from('stale'));
    expect(renamedTo).toHaveLength(1);
    expect(basename(renamedTo[0]!)).toMatch(/^\.vault\.lock\.[0-9a-f]{16}\.breaking$/);
    expect(isAtomicTempName(basename(renamedTo[0]!))).toBe(false);
  });

  it('is never swept by a store writer, nor is a user’s temp-looking file; the store’s own orphans are', async () => {
    const dir = join(await tempDir(), 'vault');
    await fileStore(dir).create(sampleVault());
    const grave = basename(staleLockGraveName(join(dir, LOCK_FILE_NAME)));
    const mine = ['.notes.txt.0123456789abcdef.tmp', grave];
    const orphans = ['.vault.age.0123456789abcdef.tmp', '.vault.json.0123456789abcdef.tmp', '.device.key.0123456789abcdef.tmp'];
    for (const name of [...mine, ...orphans]) await writeFile(join(dir, name), 'x');
    await fileStore(dir).update((vault) => ({ vault, result: undefined }));
    expect(await entries(dir)).toEqual([...mine, 'device.key', 'vault.age', 'vault.json'].sort());
  });
});
