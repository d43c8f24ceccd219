import { createCipheriv, pbkdf2Sync, randomBytes } from 'node:crypto';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tessera } from '../test-support/memory-io.js';

// formats.md §5.2: the constant every 2FAS backup encrypts as `reference`.
const REFERENCE =
  'tRViSsLKzd86Hprh4ceC2OP7xazn4rrt4xhfEUbOjxLX8Rc3mkISXE0lWbmnWfggogbBJhtYgpK6fMl1D6mtsy92R3HkdGfwuXbzLebqVFJsR7IZ2w58t938iymwG4824igYy1wi6n2WDpO1Q1P69zwJGs2F5a1qP4MyIiDSD7NCV2OvidXQCBnDlGfmz0f1BQySRkkt4ryiJeCjD2o4QsveJ9uDBUn8ELyOrESv5R5DMDkD4iAF8TXU7KyoJujd';

/** An encrypted 2FAS backup written with node:crypto straight from formats.md §5. */
function twofasEncrypted(password: string, services: unknown[]): string {
  const salt = randomBytes(256);
  const key = pbkdf2Sync(password, salt, 10_000, 32, 'sha256');
  const seal = (plaintext: string): string => {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `${sealed.toString('base64')}:${salt.toString('base64')}:${iv.toString('base64')}`;
  };
  return JSON.stringify({ services: [], groups: [], updatedAt: 0, schemaVersion: 4, appVersionCode: 5000009, appVersionName: '5.1.0', appOrigin: 'android', servicesEncrypted: seal(JSON.stringify(services)), reference: seal(REFERENCE) });
}

const SERVICES = [
  { name: 'Deno', secret: 'JBSWY3DPEHPK3PXP', updatedAt: 0, otp: { account: 'mason', digits: 6, period: 30, algorithm: 'SHA1', tokenType: 'TOTP' }, order: { position: 0 } },
  { name: 'Bank', secret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', updatedAt: 0, otp: { account: 'me', digits: 8, period: 30, algorithm: 'SHA256', tokenType: 'TOTP' }, order: { position: 1 } },
];

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tessera-import-enc-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('tessera import of an encrypted 2FAS backup (native PBKDF2 through the CLI)', () => {
  it('imports with the password and refuses a wrong one before writing anything', async () => {
    const file = join(dir, 'backup.2fas');
    await writeFile(file, twofasEncrypted('s3cret pass', SERVICES));
    const vault = join(dir, 'vault');
    const wrong = await tessera(vault, ['import', file], { env: { TESSERA_IMPORT_PASSWORD: 'nope' } });
    expect(wrong.stderr).toContain('ERR_IMPORT_PASSWORD_WRONG');
    await expect(stat(vault)).rejects.toThrow();
    const missing = await tessera(vault, ['import', file]);
    expect(missing.stderr).toContain('ERR_IMPORT_PASSWORD_REQUIRED');
    await expect(stat(vault)).rejects.toThrow();
    const ok = await tessera(vault, ['import', file, '--password', 's3cret pass']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('imported 2 of 2; 0 skipped as duplicates; 0 failed');
    const list = await tessera(vault, ['list', '--json']);
    expect((JSON.parse(list.stdout) as { accounts: { issuer: string; label: string }[] }).accounts.map((a) => `${a.issuer}/${a.label}`)).toEqual(['Deno/mason', 'Bank/me']);
  });
});
