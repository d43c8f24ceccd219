import { mkdtemp, readdir, readFile, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tessera, testIo } from './test-support/memory-io.js';
import { openVaultAccess } from './vault-access.js';

const made: string[] = [];
afterAll(async () => {
  await Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function vaultDir(): Promise<string> {
  const parent = await mkdtemp(join(tmpdir(), 'tessera-access-'));
  made.push(parent);
  return join(parent, 'vault');
}

const SECRET = 'JBSWY3DPEHPK3PXP';

describe('openVaultAccess', () => {
  it('creates a vault only when the caller asks for it', async () => {
    const dir = await vaultDir();
    const access = await openVaultAccess(testIo(), dir);
    const same = (vault: Parameters<Parameters<typeof access.update>[0]>[0]) => ({ vault, result: vault.vaultId });
    await expect(access.update(same)).rejects.toMatchObject({ code: 'ERR_VAULT_NOT_FOUND' });
    await expect(readdir(dir)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await access.read()).toBeUndefined();
    const id = await access.update(same, { create: true });
    expect((await access.read())?.vaultId).toBe(id);
  });

  it('probes the keychain once per command, for the vault and the work keys alike', async () => {
    const access = await openVaultAccess(testIo({ env: { TESSERA_KEYCHAIN: 'off' } }), await vaultDir());
    const first = access.keychain();
    expect(access.keychain()).toBe(first);
    expect(await first).toBeNull();
  });

  it('a failing command never replaces the device key when vault.age is missing', async () => {
    const dir = await vaultDir();
    expect((await tessera(dir, ['add', '--issuer', 'Example', '--label', 'ada', '--secret', SECRET])).code).toBe(0);
    const key = await readFile(join(dir, 'device.key'));
    await rename(join(dir, 'vault.age'), `${dir}.age.away`);

    const renamed = await tessera(dir, ['rename', 'nothing', '--label', 'y']);
    expect(renamed.stderr).toContain('ERR_VAULT_NOT_FOUND');
    const added = await tessera(dir, ['add', '--issuer', 'Other', '--label', 'bob', '--secret', SECRET]);
    expect(added.stderr).toContain('Put vault.age back');
    expect(await readFile(join(dir, 'device.key'))).toEqual(key);

    await rename(`${dir}.age.away`, join(dir, 'vault.age'));
    const listed = await tessera(dir, ['list']);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain('Example');
  });
});
