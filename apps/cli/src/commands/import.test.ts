import { mkdtemp, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tessera } from '../test-support/memory-io.js';

const PASS = { TESSERA_EXPORT_PASSPHRASE: 'a long export passphrase', TESSERA_IMPORT_PASSWORD: 'a long export passphrase' };

let dir: string;
let from: string;
let to: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tessera-import-'));
  from = join(dir, 'from');
  to = join(dir, 'to');
  const uris = [
    'otpauth://totp/Big%20Corp:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Big%20Corp&algorithm=SHA256&digits=8',
    'otpauth://hotp/Bank:me?secret=7KSQL2JTUDIS5EF65KLMRQIIGY&counter=4&issuer=Bank',
    'otpauth://steam/Steam:gamer?secret=GEZDGNBVGY3TQOJQMFRGGZDFMZTWQ2LK&issuer=Steam',
    'otpauth://totp/Odd:%3Cb%3E%20%26%20me?secret=MFRGGZDFMZTWQ2LK&issuer=Odd&digits=7&period=60',
  ];
  const github = 'otpauth://totp/GitHub:alice%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=GitHub&color=00FF7F';
  expect((await tessera(from, ['add', github, '--group', 'Work', '--note', 'the note', '--favourite'])).code).toBe(0);
  expect((await tessera(from, ['add'], { stdin: `${uris.join('\n')}\n` })).code).toBe(0);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function exportTo(format: string, out: string): Promise<void> {
  const result = await tessera(from, ['export', '--format', format, '--out', out, '--yes'], { env: PASS });
  expect(result.code, result.stderr).toBe(0);
}

/** Every account's secret-bearing URI, in order: equal lists mean the same accounts and codes. */
async function uris(vaultDir: string): Promise<string[]> {
  const result = await tessera(vaultDir, ['export', '--format', 'otpauth', '--yes']);
  expect(result.code, result.stderr).toBe(0);
  return result.stdout.trimEnd().split('\n');
}

async function details(vaultDir: string): Promise<unknown[]> {
  const result = await tessera(vaultDir, ['list', '--json']);
  const accounts = (JSON.parse(result.stdout) as { accounts: Record<string, unknown>[] }).accounts;
  return accounts.map(({ issuer, label, groups, note, favourite }) => ({ issuer, label, groups, note, favourite }));
}

async function snapshotOf(vaultDir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const name of await readdir(vaultDir).catch(() => [])) {
    const bytes = await readFile(join(vaultDir, name)).catch(() => undefined);
    if (bytes !== undefined) files.set(name, bytes.toString('base64'));
  }
  return files;
}

describe('tessera import', () => {
  it('round-trips every account through the otpauth list, and a second import changes nothing', async () => {
    const file = join(dir, 'uris.txt');
    await exportTo('otpauth', file);
    const first = await tessera(to, ['import', file]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('imported 5 of 5; 0 skipped as duplicates; 0 failed');
    expect(await uris(to)).toEqual(await uris(from));
    const before = await snapshotOf(to);
    const second = await tessera(to, ['import', file]);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('imported 0 of 5; 5 skipped as duplicates; 0 failed');
    expect(await snapshotOf(to)).toEqual(before);
  });

  it('--dry-run lists every entry and changes nothing', async () => {
    const file = join(dir, 'uris.txt');
    await exportTo('otpauth', file);
    const dry = await tessera(to, ['import', file, '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('would import');
    expect(dry.stdout.match(/^ {2}#\d+ /gm)).toHaveLength(5);
    await expect(stat(to)).rejects.toThrow();
    const before = await snapshotOf(from);
    const dryAgain = await tessera(from, ['import', file, '--dry-run', '--json']);
    expect((JSON.parse(dryAgain.stdout) as { duplicates: number }).duplicates).toBe(5);
    expect(await snapshotOf(from)).toEqual(before);
  });

  it('round-trips through Aegis (plain) with groups, notes and favourites', async () => {
    const file = join(dir, 'aegis.json');
    await exportTo('aegis', file);
    const result = await tessera(to, ['import', file]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('imported 5 of 5');
    expect(await details(to)).toEqual(await details(from));
  });

  it('round-trips through encrypted Aegis and the Tessera export with the password', async () => {
    for (const [format, name] of [['aegis-encrypted', 'aegis-enc.json'], ['tessera', 'tessera.age']] as const) {
      const target = join(dir, `to-${format}`);
      const file = join(dir, name);
      await exportTo(format, file);
      const result = await tessera(target, ['import', file], { env: PASS });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain('imported 5 of 5');
      expect(await details(target)).toEqual(await details(from));
    }
  });

  it('a wrong password is ERR_IMPORT_PASSWORD_WRONG and writes nothing', async () => {
    for (const [format, name] of [['aegis-encrypted', 'aegis-enc.json'], ['tessera', 'tessera.age']] as const) {
      const file = join(dir, name);
      await exportTo(format, file);
      const result = await tessera(to, ['import', file], { env: { TESSERA_IMPORT_PASSWORD: 'not the password' } });
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain('ERR_IMPORT_PASSWORD_WRONG');
      await expect(stat(to)).rejects.toThrow();
    }
  });

  it('imports Google Authenticator QR screenshots in any order as one export, and reports a missing one', async () => {
    const more = Array.from({ length: 12 }, (_, i) => `otpauth://totp/Svc:user${String(i)}?secret=JBSWY3DPEHPK3P${String.fromCharCode(65 + i)}A&issuer=Svc`);
    expect((await tessera(from, ['add'], { stdin: `${more.join('\n')}\n` })).code).toBe(0);
    const base = join(dir, 'transfer');
    await exportTo('google-qr', base);
    const pngs = [`${base}-2.png`, `${base}-1.png`];
    const result = await tessera(to, ['import', ...pngs]);
    expect(result.code, result.stderr).toBe(0);
    // Steam and the 7-digit, 60 s account cannot travel through Google Authenticator.
    expect(result.stdout).toContain('imported 15 of 15');
    // Google Authenticator has no icons, so the colour stays behind.
    const expected = (await uris(from)).filter((uri) => !/steam|Odd/.test(uri)).map((uri) => uri.replace('&color=00FF7F', ''));
    expect(await uris(to)).toEqual(expected);
    const partial = await tessera(join(dir, 'partial'), ['import', `${base}-2.png`, '--dry-run', '--json']);
    expect(partial.code, partial.stderr).toBe(0);
    const report = JSON.parse(partial.stdout) as { files: { warnings: string[] }[] };
    expect(report.files.flatMap((f) => f.warnings).join(' ')).toMatch(/QR code 1 of 2 is missing/);
  });

  it('a file it cannot read or recognise is a typed error and writes nothing', async () => {
    const junk = join(dir, 'junk.bin');
    await writeFile(junk, new Uint8Array([1, 2, 3, 4, 0, 255]));
    const result = await tessera(to, ['import', junk]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/\[ERR_[A-Z_]+\]/);
    await expect(stat(to)).rejects.toThrow();
  });

  it('refuses a file over the size limit before reading it', async () => {
    const huge = join(dir, 'huge.json');
    await writeFile(huge, '');
    await truncate(huge, 64 * 1024 * 1024 + 1);
    const result = await tessera(to, ['import', huge]);
    expect(result.stderr).toContain('ERR_INPUT_TOO_LARGE');
    await expect(stat(to)).rejects.toThrow();
  });
});
