import { constants } from 'node:fs';
import { link, lstat, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isCoreError } from '@tessera/core';
import { describe, expect, it } from 'vitest';
import { destinationContract } from '../../../../packages/destinations/src/test-support/contract.js';
import { tempDir } from '../store/test-support/temp-dir.js';
import { folderDestination, nodeFolderFs, type FolderFs } from './folder-destination.js';

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return isCoreError(error) ? error.code : String(error);
  }
}

function errno(code: string): Error {
  return Object.assign(new Error(`injected ${code}`), { code });
}

/** Every file under `dir`, relative, sorted (hidden temp files included). */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();
}

describe('folder destination: the Destination contract', () => {
  let root: string | undefined;
  destinationContract(async () => folderDestination((root ??= join(await tempDir('tessera-folder-'), 'not-yet-created'))));
});

describe('folder destination', () => {
  it('creates the root and parents on first create (0700 folders, 0600 files) and leaves no temp file', async () => {
    const root = join(await tempDir('tessera-folder-'), 'backups');
    const destination = folderDestination(root);
    expect(await destination.list('')).toEqual([]);
    expect(await destination.read('tessera/keyring.age')).toBeUndefined();
    await destination.create('tessera/devices/ab/000001.age', new Uint8Array([1, 2, 3]));
    expect(await filesUnder(root)).toEqual([join('tessera', 'devices', 'ab', '000001.age')]);
    expect((await stat(join(root, 'tessera', 'devices'))).mode & 0o777).toBe(0o700);
    expect((await stat(join(root, 'tessera', 'devices', 'ab', '000001.age'))).mode & 0o777).toBe(0o600);
    expect(destination.description).toBe(root);
  });

  it('never overwrites: a second create of a name is ERR_DESTINATION_EXISTS and keeps the first bytes', async () => {
    const destination = folderDestination(await tempDir('tessera-folder-'));
    await destination.create('a.age', new Uint8Array([1]));
    expect(await codeOf(destination.create('a.age', new Uint8Array([2])))).toBe('ERR_DESTINATION_EXISTS');
    expect(await destination.read('a.age')).toEqual(new Uint8Array([1]));
  });

  it('without hard links, still refuses to overwrite and still publishes whole files', async () => {
    const root = await tempDir('tessera-folder-');
    const fs: FolderFs = { ...nodeFolderFs, link: () => Promise.reject(errno('EPERM')) };
    const destination = folderDestination(root, { fs });
    await destination.create('x/a.age', new Uint8Array([5, 6]));
    expect(await codeOf(destination.create('x/a.age', new Uint8Array([7])))).toBe('ERR_DESTINATION_EXISTS');
    expect(await readFile(join(root, 'x', 'a.age'))).toEqual(Buffer.from([5, 6]));
    expect(await filesUnder(root)).toEqual([join('x', 'a.age')]);
  });

  it('a failure after the temp file was written removes it and publishes nothing', async () => {
    const root = await tempDir('tessera-folder-');
    const fs: FolderFs = { ...nodeFolderFs, link: () => Promise.reject(errno('EIO')) };
    expect(await codeOf(folderDestination(root, { fs }).create('a.age', new Uint8Array([1])))).toBe('ERR_DESTINATION_FAILED');
    expect(await filesUnder(root)).toEqual([]);
  });

  it('maps EACCES/EPERM to ERR_DESTINATION_AUTH and other errors to ERR_DESTINATION_FAILED with the code', async () => {
    const root = await tempDir('tessera-folder-');
    const denied: FolderFs = {
      ...nodeFolderFs,
      readFile: () => Promise.reject(errno('EACCES')),
      readdir: () => Promise.reject(errno('EPERM')),
      mkdir: () => Promise.reject(errno('EACCES')),
      unlink: () => Promise.reject(errno('EACCES')),
    };
    const destination = folderDestination(root, { fs: denied });
    expect(await codeOf(destination.read('a.age'))).toBe('ERR_DESTINATION_AUTH');
    expect(await codeOf(destination.list(''))).toBe('ERR_DESTINATION_AUTH');
    expect(await codeOf(destination.create('a.age', new Uint8Array([1])))).toBe('ERR_DESTINATION_AUTH');
    expect(await codeOf(destination.remove('a.age'))).toBe('ERR_DESTINATION_AUTH');
    const full: FolderFs = { ...nodeFolderFs, open: () => Promise.reject(errno('ENOSPC')) };
    const error = await folderDestination(root, { fs: full }).create('a.age', new Uint8Array([1])).catch((caught: unknown) => caught);
    expect(isCoreError(error, 'ERR_DESTINATION_FAILED') && error.message).toContain('ENOSPC');
  });

  it('lists only regular files with valid names: no temp files, folders or symlinks', async () => {
    const root = await tempDir('tessera-folder-');
    const destination = folderDestination(root);
    await destination.create('t/a.age', new Uint8Array([1]));
    await writeFile(join(root, 't', '.a.age.0123456789abcdef.tmp'), 'orphan of a killed writer');
    await mkdir(join(root, 't', 'empty'));
    await link(join(root, 't', 'a.age'), join(root, 't', 'hard.age'));
    const { symlink } = await import('node:fs/promises');
    await symlink(join(root, 't', 'a.age'), join(root, 't', 'soft.age'));
    expect((await destination.list('t/')).map((entry) => entry.name).sort()).toEqual(['t/a.age', 't/hard.age']);
    expect(await destination.list('t/')).toContainEqual({ name: 't/a.age', size: 1 });
  });

  it('reads a name that is a folder as missing and treats removing it as a no-op', async () => {
    const root = await tempDir('tessera-folder-');
    const destination = folderDestination(root);
    await destination.create('d/x.age', new Uint8Array([1]));
    expect(await destination.read('d')).toBeUndefined();
    await destination.remove('d');
    expect((await lstat(join(root, 'd'))).isDirectory()).toBe(true);
    expect(constants.O_EXCL).toBeGreaterThan(0);
  });
});
