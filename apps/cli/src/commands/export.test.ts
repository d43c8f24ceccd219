import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeSnapshot, parseOtpauthUri } from '@tessera/core';
import { decryptWithPassphrase } from '../crypto/age-scrypt.js';
import { decodeQrImage } from '../qr/decode-image.js';
import { readMigrationUri } from '../import-export/test-support/migration-reader.js';
import { tessera } from '../test-support/memory-io.js';

const URIS = [
  'otpauth://totp/GitHub:alice%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=GitHub',
  'otpauth://totp/Big%20Corp:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Big%20Corp&algorithm=SHA256&digits=8',
  'otpauth://hotp/Bank:me?secret=7KSQL2JTUDIS5EF65KLMRQIIGY&counter=4&issuer=Bank',
  'otpauth://steam/Steam:gamer?secret=GEZDGNBVGY3TQOJQMFRGGZDFMZTWQ2LK&issuer=Steam',
  'otpauth://totp/Odd:%3Cb%3E%20%26%20me?secret=MFRGGZDFMZTWQ2LK&issuer=Odd&digits=7',
];

let dir: string;
let vaultDir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tessera-export-'));
  vaultDir = join(dir, 'vault');
  expect((await tessera(vaultDir, ['add'], { stdin: `${URIS.join('\n')}\n` })).code).toBe(0);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const hasZbarimg = spawnSync('zbarimg', ['--version'], { encoding: 'utf8' }).status === 0;
const hasAgeAndScript = ['age', 'script'].every((tool) => spawnSync(tool, ['--version'], { encoding: 'utf8' }).status === 0);
const requiredHere = (process.env['CI'] ?? '') !== '' && process.env['CI'] !== 'false';

describe('tessera export', () => {
  it('refuses to export secrets off a terminal without --yes, and writes nothing', async () => {
    const out = join(dir, 'uris.txt');
    const result = await tessera(vaultDir, ['export', '--format', 'otpauth', '--out', out]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('ERR_CONFIRMATION_REQUIRED');
    await expect(stat(out)).rejects.toThrow();
  });

  it('writes an otpauth list to stdout in order, reporting what a URI cannot hold', async () => {
    const result = await tessera(vaultDir, ['export', '--format', 'otpauth', '--yes']);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines.map((line) => parseOtpauthUri(line).label)).toEqual(['alice@example.com', 'bob', 'me', 'gamer', '<b> & me']);
    expect(result.stderr).toContain('Exported 5 of 5');
  });

  it('creates --out with mode 0600 and never replaces a file without --force', async () => {
    const out = join(dir, 'aegis.json');
    expect((await tessera(vaultDir, ['export', '--format', 'aegis', '--out', out, '--yes'])).code).toBe(0);
    expect((await stat(out)).mode & 0o777).toBe(0o600);
    const db = (JSON.parse(await readFile(out, 'utf8')) as { db: { entries: { name: string }[] } }).db;
    expect(db.entries.map((e) => e.name)).toEqual(['alice@example.com', 'bob', 'me', 'gamer', '<b> & me']);
    await writeFile(out, 'keep me');
    const again = await tessera(vaultDir, ['export', '--format', 'aegis', '--out', out, '--yes']);
    expect(again.code).not.toBe(0);
    expect(await readFile(out, 'utf8')).toBe('keep me');
    expect((await tessera(vaultDir, ['export', '--format', 'aegis', '--out', out, '--yes', '--force'])).code).toBe(0);
    expect(await readFile(out, 'utf8')).toContain('"version": 3');
  });

  it('writes Google Authenticator QR codes as PNG files that read back to the accounts', async () => {
    const out = join(dir, 'transfer');
    const result = await tessera(vaultDir, ['export', '--format', 'google-qr', '--out', out, '--yes']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/gamer.*Steam/);
    expect(result.stderr).toMatch(/<b> & me.*6- or 8-digit/);
    const png = new Uint8Array(await readFile(`${out}-1.png`));
    const uri = decodeQrImage(png);
    const payload = readMigrationUri(uri);
    expect(payload.accounts.map((a) => [a.issuer, a.name, a.secret, a.algorithm, a.digits, a.type, a.counter])).toEqual([
      ['GitHub', 'alice@example.com', 'JBSWY3DPEHPK3PXP', 1, 1, 2, 0],
      ['Big Corp', 'bob', 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 2, 2, 2, 0],
      ['Bank', 'me', '7KSQL2JTUDIS5EF65KLMRQIIGY', 1, 1, 1, 4],
    ]);
    expect([payload.batchSize, payload.batchIndex]).toEqual([1, 0]);
    if (!hasZbarimg) {
      if (requiredHere) throw new Error('CI must install Debian zbar-tools (zbarimg) to cross-check the QR exports.');
      return;
    }
    const zbar = spawnSync('zbarimg', ['--raw', '-q', `${out}-1.png`], { encoding: 'utf8' });
    expect(zbar.stdout.trim()).toBe(uri);
  });

  it('draws the QR codes in the terminal without --out', async () => {
    const result = await tessera(vaultDir, ['export', '--format', 'google-qr', '--yes']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('QR code 1 of 1:');
  });

  it('writes a self-contained, escaped paper backup with one QR code per account', async () => {
    const result = await tessera(vaultDir, ['export', '--format', 'paper', '--yes']);
    expect(result.code).toBe(0);
    const html = result.stdout;
    expect(html.match(/<svg /g)).toHaveLength(5);
    expect(html).toContain('JBSW Y3DP EHPK 3PXP');
    expect(html).toContain('&lt;b&gt; &amp; me');
    expect(html).not.toContain('<b> & me');
    expect(html).not.toMatch(/<script|<link|src=|url\(/i);
    expect(html.indexOf('alice@example.com')).toBeLessThan(html.indexOf('Bank (me)'));
  });

  it('writes an encrypted Aegis vault to the passphrase from the environment', async () => {
    const out = join(dir, 'aegis-encrypted.json');
    const env = { TESSERA_EXPORT_PASSPHRASE: 'a long export passphrase' };
    expect((await tessera(vaultDir, ['export', '--format', 'aegis-encrypted', '--out', out, '--yes'], { env })).code).toBe(0);
    const file = JSON.parse(await readFile(out, 'utf8')) as { header: { slots: { type: number; n: number }[] }; db: unknown };
    expect(file.header.slots.map((s) => [s.type, s.n])).toEqual([[1, 32768]]);
    expect(typeof file.db).toBe('string');
    expect(await readFile(out, 'utf8')).not.toContain('JBSWY3DPEHPK3PXP');
  });

  it('writes the tessera format as a standard age passphrase file holding a backup snapshot', async () => {
    const out = join(dir, 'export.age');
    const env = { TESSERA_EXPORT_PASSPHRASE: 'a long export passphrase' };
    expect((await tessera(vaultDir, ['export', '--format', 'tessera', '--out', out, '--yes'], { env })).code).toBe(0);
    const bytes = new Uint8Array(await readFile(out));
    expect(Buffer.from(bytes.subarray(0, 21)).toString()).toBe('age-encryption.org/v1');
    expect(Buffer.from(bytes).toString('latin1')).toContain('-> scrypt ');
    const plaintext = await decryptWithPassphrase(bytes, 'a long export passphrase');
    const snapshot = decodeSnapshot(plaintext);
    expect(snapshot.accounts.map((a) => a.label)).toEqual(['alice@example.com', 'bob', 'me', 'gamer', '<b> & me']);
    if (!hasAgeAndScript) {
      if (requiredHere) throw new Error('CI must install age and script (bsdutils) to open the tessera export with the age CLI.');
      return;
    }
    // The stock age CLI reads passphrases from a terminal only: `script` gives it one fed from stdin.
    const opened = spawnSync('script', ['-qec', 'age -d -o plain.json export.age', '/dev/null'], { cwd: dir, input: 'a long export passphrase\n', encoding: 'utf8', timeout: 60_000 });
    expect(opened.status, opened.stdout + opened.stderr).toBe(0);
    expect(new Uint8Array(await readFile(join(dir, 'plain.json')))).toEqual(plaintext);
  });

  it('needs a passphrase for encrypted formats off a terminal', async () => {
    const result = await tessera(vaultDir, ['export', '--format', 'tessera', '--out', join(dir, 'x.age'), '--yes']);
    expect(result.stderr).toContain('ERR_PASSPHRASE_REQUIRED');
    await expect(stat(join(dir, 'x.age'))).rejects.toThrow();
  });
});
