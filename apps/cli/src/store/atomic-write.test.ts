import { readFile, stat, writeFile } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { open, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  isAtomicTempName,
  readFileIfExists,
  removeOrphanTempFiles,
  writeFileAtomic,
  type AtomicWriteFs,
} from './atomic-write.js';
import { entries, tempDir } from './test-support/temp-dir.js';

const HANDLE_CALLS = new Set(['chmod', 'writeFile', 'sync', 'close']);

/** A real file system whose `failAt`-th call (open, rename or a handle method) fails with EIO. */
function faultyFs(failAt: number): AtomicWriteFs & { renamed: () => boolean } {
  let calls = 0;
  let renamed = false;
  const tick = (what: string): void => {
    calls += 1;
    if (calls === failAt) throw Object.assign(new Error(`injected EIO in ${what}`), { code: 'EIO' });
  };
  const wrap = (handle: FileHandle): FileHandle =>
    new Proxy(handle, {
      get(target, property) {
        const value: unknown = Reflect.get(target, property, target);
        if (typeof value !== 'function') return value;
        const method = value as (...args: unknown[]) => Promise<unknown>;
        if (typeof property !== 'string' || !HANDLE_CALLS.has(property)) return method.bind(target);
        return async (...args: unknown[]) => {
          // A failing close still closes, so no descriptor leaks into later iterations.
          if (property === 'close') await method.apply(target, args);
          tick(property);
          return property === 'close' ? undefined : method.apply(target, args);
        };
      },
    });
  return {
    renamed: () => renamed,
    open: async (path, flags, mode) => {
      tick('open');
      return wrap(await open(path, flags, mode));
    },
    rename: async (from, to) => {
      tick('rename');
      await rename(from, to);
      renamed = true;
    },
    unlink,
  };
}

describe('writeFileAtomic', () => {
  it('writes the bytes with mode 0600 and leaves no temp file', async () => {
    const dir = await tempDir();
    const path = join(dir, 'vault.age');
    await writeFileAtomic(path, new Uint8Array([1, 2, 3]));
    expect(await readFile(path)).toEqual(Buffer.from([1, 2, 3]));
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await entries(dir)).toEqual(['vault.age']);
  });

  it('replaces an existing file and applies the requested mode exactly', async () => {
    const dir = await tempDir();
    const path = join(dir, 'vault.json');
    await writeFile(path, 'old', { mode: 0o644 });
    await writeFileAtomic(path, Buffer.from('new'), { mode: 0o640 });
    expect(await readFile(path, 'utf8')).toBe('new');
    expect((await stat(path)).mode & 0o777).toBe(0o640);
  });

  it('fails cleanly at every step: old file intact, no temp file, error reported (fs fault injection)', async () => {
    const dir = await tempDir();
    const path = join(dir, 'vault.age');
    let failAt = 1;
    for (; ; failAt++) {
      await writeFile(path, 'old');
      const fs = faultyFs(failAt);
      const outcome = await writeFileAtomic(path, Buffer.from('new'), { fs }).then(
        () => 'ok',
        (error: unknown) => error,
      );
      expect(await entries(dir)).toEqual(['vault.age']);
      if (outcome === 'ok') {
        expect(await readFile(path, 'utf8')).toBe('new');
        break;
      }
      expect(outcome).toMatchObject({ code: 'EIO' });
      // Only the folder fsync comes after the rename: then the new content is in place but
      // its durability is not promised, and the caller is told so.
      expect(await readFile(path, 'utf8')).toBe(fs.renamed() ? 'new' : 'old');
    }
    // open, chmod, writeFile, sync, close, rename, open folder, sync folder, close folder
    expect(failAt).toBeGreaterThanOrEqual(10);
  });
});

describe('readFileIfExists', () => {
  it('returns the content, or undefined for a missing file', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'a'), 'x');
    expect(await readFileIfExists(join(dir, 'a'))).toEqual(Buffer.from('x'));
    expect(await readFileIfExists(join(dir, 'missing'))).toBeUndefined();
  });

  it('still reports other errors', async () => {
    const dir = await tempDir();
    await expect(readFileIfExists(dir)).rejects.toMatchObject({ code: 'EISDIR' });
  });
});

describe('removeOrphanTempFiles', () => {
  it('removes only the temp files a killed writer of the given files can leave', async () => {
    const dir = await tempDir();
    const orphans = ['.device.key.fedcba9876543210.tmp', '.vault.age.0123456789abcdef.tmp'];
    const others = ['.notes.txt.0123456789abcdef.tmp', '.vault.lock.0123456789abcdef.tmp', '.vault.age.tmp', 'notes.tmp', 'vault.age'];
    for (const name of [...orphans, ...others]) await writeFile(join(dir, name), '');
    expect((await removeOrphanTempFiles(dir, ['vault.age', 'device.key'])).sort()).toEqual(orphans.sort());
    expect(await entries(dir)).toEqual(others.sort());
    expect(isAtomicTempName('.device.key.0123456789abcdef.tmp')).toBe(true);
    expect(isAtomicTempName('.notes.txt.0123456789abcdef.tmp', ['vault.age'])).toBe(false);
  });
});
