/**
 * Temp folders for the store's tests, under `os.tmpdir()`, removed after each test file.
 *
 * @module
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const made: string[] = [];

afterAll(async () => {
  await Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A fresh, empty folder that is deleted when the test file finishes. */
export async function tempDir(prefix = 'tessera-store-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** The folder's entries, sorted, for exact assertions. */
export async function entries(dir: string): Promise<string[]> {
  return (await readdir(dir)).sort();
}
