import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tessera } from '../test-support/memory-io.js';

let dir: string;
beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'tessera-work-cmd-')); });
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

const vault = (): string => join(dir, 'vault');

describe('tessera work and tessera approve without a server', () => {
  it('refuse bad input before touching anything', async () => {
    const bad = await tessera(vault(), ['work', 'add', 'not-an-address']);
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining('ERR_WORK_SERVER_INVALID')]);
    const plain = await tessera(vault(), ['work', 'add', 'ada@example.org', '--server', 'http://id.example.org']);
    expect([plain.code, plain.stderr]).toEqual([2, expect.stringContaining('ERR_WORK_SERVER_INVALID')]);
    expect((await tessera(vault(), ['approve', '--number', '4'])).code).toBe(2);
    expect((await tessera(vault(), ['approve', '--number', '42', '--deny'])).code).toBe(2);
    expect((await tessera(vault(), ['approve', '--once', '--wait', '9999'])).code).toBe(2);
    expect(await readdir(dir)).toEqual([]);
  });

  it('say what is missing: no vault, no work account', async () => {
    const none = await tessera(vault(), ['approve', '--once']);
    expect([none.code, none.stderr]).toEqual([4, expect.stringContaining('ERR_VAULT_NOT_FOUND')]);
    expect((await tessera(vault(), ['add', '--issuer', 'GitHub', '--label', 'alice', '--secret', 'JBSWY3DPEHPK3PXP'])).code).toBe(0);
    const noWork = await tessera(vault(), ['approve', '--once']);
    expect([noWork.code, noWork.stderr]).toEqual([9, expect.stringContaining('tessera work add')]);
    expect(noWork.stderr).toContain('ERR_WORK_SIGN_IN_REQUIRED');
    expect((await tessera(vault(), ['work', 'list'])).stdout).toContain('No work accounts');
    expect(JSON.parse((await tessera(vault(), ['work', 'list', '--json'])).stdout)).toEqual({ accounts: [] });
    const restore = await tessera(vault(), ['work', 'restore']);
    expect([restore.code, restore.stdout]).toEqual([0, expect.stringContaining('nothing to do')]);
  });
});
