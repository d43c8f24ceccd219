import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tessera } from './test-support/memory-io.js';

const GITHUB = 'otpauth://totp/GitHub:alice%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=GitHub';
const RFC_SHA1 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tessera-cli-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function listJson(): Promise<{ accounts: { issuer: string; label: string; position: number; groups: string[] }[] }> {
  const result = await tessera(dir, ['list', '--json']);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as { accounts: { issuer: string; label: string; position: number; groups: string[] }[] };
}

describe('tessera add', () => {
  it('adds from a URI argument and keeps the vault encrypted on disk', async () => {
    const result = await tessera(dir, ['add', GITHUB]);
    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout).toContain('Added GitHub (alice@example.com) at position 1');
    for (const name of await readdir(dir)) {
      const bytes = await readFile(join(dir, name)).catch(() => Buffer.alloc(0));
      expect(bytes.includes('JBSWY3DPEHPK3PXP')).toBe(false);
      expect(bytes.includes('alice@example.com')).toBe(false);
    }
  });

  it('adds from flags, from piped URIs, and refuses duplicates without changing the vault', async () => {
    expect((await tessera(dir, ['add', '--issuer', 'RFC', '--label', 'sha1', '--secret', RFC_SHA1, '--digits', '8'])).code).toBe(0);
    const piped = `# my accounts\n${GITHUB}\notpauth://hotp/Bank:me?secret=${RFC_SHA1}&counter=0\n`;
    expect((await tessera(dir, ['add'], { stdin: piped })).code).toBe(0);
    const duplicate = await tessera(dir, ['add', GITHUB]);
    expect(duplicate.code).toBe(6);
    expect(duplicate.stderr).toContain('ERR_ACCOUNT_DUPLICATE');
    expect((await listJson()).accounts.map((a) => a.issuer)).toEqual(['RFC', 'GitHub', 'Bank']);
  });

  it('rejects a whole batch when one line is bad', async () => {
    const result = await tessera(dir, ['add'], { stdin: `${GITHUB}\notpauth://totp/X?secret=not*base32\n` });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/Line 2: .*\[ERR_SECRET_INVALID\]/);
    expect((await listJson()).accounts).toEqual([]);
  });

  it('points Google Authenticator exports to import', async () => {
    const result = await tessera(dir, ['add', 'otpauth-migration://offline?data=CjUKEA%3D%3D']);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('tessera import');
  });

  it('asks for usage help when given nothing on a terminal', async () => {
    const result = await tessera(dir, ['add'], { stdinIsTTY: true });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('ERR_USAGE');
  });
});

describe('tessera code', () => {
  it('computes RFC 6238 codes at a given time (Appendix B, SHA-1, 8 digits)', async () => {
    await tessera(dir, ['add', '--issuer', 'RFC', '--label', 'sha1', '--secret', RFC_SHA1, '--digits', '8']);
    const result = await tessera(dir, ['code', 'rfc', '--at', '1111111109', '--json']);
    expect(JSON.parse(result.stdout)).toMatchObject({ code: '07081804', issuer: 'RFC', secondsLeft: 1 });
    const text = await tessera(dir, ['code', 'rfc', '--at', '@59']);
    expect(text.stdout).toBe('9428 7082  1s left\n');
    const iso = await tessera(dir, ['code', 'rfc', '--at', '2033-05-18T03:33:20Z', '--json']);
    expect(JSON.parse(iso.stdout)).toMatchObject({ code: '69279037' });
  });

  it('advances HOTP counters durably, one code per call (RFC 4226 Appendix D)', async () => {
    await tessera(dir, ['add', `otpauth://hotp/Bank:me?secret=${RFC_SHA1}&counter=0&issuer=Bank`]);
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push(JSON.parse((await tessera(dir, ['code', 'bank', '--json'])).stdout) as { code: string });
    expect(codes.map((c) => c.code)).toEqual(['755224', '287082', '359152']);
  });

  it('lists every time-based code when no query is given', async () => {
    await tessera(dir, ['add', GITHUB]);
    await tessera(dir, ['add', `otpauth://hotp/Bank:me?secret=${RFC_SHA1}&counter=0`]);
    const result = await tessera(dir, ['code', '--json']);
    const { codes } = JSON.parse(result.stdout) as { codes: { issuer: string; code: string }[] };
    expect(codes.map((c) => c.issuer)).toEqual(['GitHub']);
    const text = await tessera(dir, ['code']);
    expect(text.stdout).toContain('counter-based');
  });

  it('gives a stable code for unknown and ambiguous queries', async () => {
    await tessera(dir, ['add', GITHUB]);
    await tessera(dir, ['add', 'otpauth://totp/GitLab:alice?secret=JBSWY3DPEHPK3PXQ&issuer=GitLab']);
    expect(await tessera(dir, ['code', 'nothing-like-it'])).toMatchObject({ code: 4 });
    const ambiguous = await tessera(dir, ['code', 'git']);
    expect(ambiguous.code).toBe(5);
    expect(ambiguous.stderr).toContain('GitHub');
    expect(ambiguous.stderr).not.toContain('JBSWY3DPEHPK3PXP');
  });

  it('reports a missing clipboard for --copy and prints no code', async () => {
    await tessera(dir, ['add', GITHUB]);
    const result = await tessera(dir, ['code', 'github', '--copy'], { env: { DISPLAY: '', WAYLAND_DISPLAY: '' } });
    expect(result.code).toBe(10);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('ERR_CLIPBOARD_UNAVAILABLE');
  });

  it('rejects a malformed or impossible --at', async () => {
    await tessera(dir, ['add', GITHUB]);
    for (const at of ['tomorrow', '2026-02-30T00:00:00Z', '2026-01-01T24:00:00Z', '99999999999999', '2026-01-01T10:00']) {
      expect(await tessera(dir, ['code', 'github', '--at', at])).toMatchObject({ code: 2 });
    }
  });

  it('does not spend a HOTP code when there is no clipboard to copy it to', async () => {
    await tessera(dir, ['add', `otpauth://hotp/Bank:me?secret=${RFC_SHA1}&counter=0&issuer=Bank`]);
    expect(await tessera(dir, ['code', 'bank', '--copy'], { env: { DISPLAY: '', WAYLAND_DISPLAY: '' } })).toMatchObject({ code: 10 });
    const next = JSON.parse((await tessera(dir, ['code', 'bank', '--json'])).stdout) as { code: string };
    expect(next.code).toBe('755224');
  });
});

describe('organising accounts', () => {
  beforeEach(async () => {
    await tessera(dir, ['add'], { stdin: ['A', 'B', 'C', 'D'].map((n) => `otpauth://totp/${n}:user?secret=JBSWY3DPEHPK3P${n}A&issuer=${n}`).join('\n') });
  });

  it('moves, renames and removes, keeping an explicit order', async () => {
    expect((await tessera(dir, ['move', 'D', 'top'])).code).toBe(0);
    expect((await tessera(dir, ['move', 'A', '3'])).code).toBe(0);
    expect((await listJson()).accounts.map((a) => a.issuer)).toEqual(['D', 'B', 'A', 'C']);
    expect((await tessera(dir, ['rename', 'B', '--issuer', 'Bee', '--label', 'bee@x'])).code).toBe(0);
    expect((await tessera(dir, ['remove', 'C', '--yes'])).code).toBe(0);
    expect((await listJson()).accounts.map((a) => `${a.issuer}:${a.label}:${String(a.position)}`)).toEqual(['D:user:1', 'Bee:bee@x:2', 'A:user:3']);
  });

  it('refuses to remove without a terminal or --yes', async () => {
    const result = await tessera(dir, ['remove', 'A']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('ERR_CONFIRMATION_REQUIRED');
    expect((await listJson()).accounts).toHaveLength(4);
  });

  it('matches --group names the way the core does (case and Unicode normalisation)', async () => {
    expect((await tessera(dir, ['group', 'add', 'Café'])).code).toBe(0);
    const added = await tessera(dir, ['add', '--issuer', 'E', '--label', 'user', '--secret', 'JBSWY3DPEHPK3PXE', '--group', 'CAFE\u0301']);
    expect(added.code).toBe(0);
    const groups = JSON.parse((await tessera(dir, ['group', 'list', '--json'])).stdout) as { groups: { name: string; accounts: number }[] };
    expect(groups.groups).toEqual([expect.objectContaining({ name: 'Café', accounts: 1 })]);
  });

  it('groups accounts and filters by group', async () => {
    expect((await tessera(dir, ['group', 'add', 'work'])).code).toBe(0);
    expect((await tessera(dir, ['group', 'assign', 'B', 'work'])).code).toBe(0);
    expect((await tessera(dir, ['group', 'assign', 'D', 'work'])).code).toBe(0);
    const work = JSON.parse((await tessera(dir, ['list', '--group', 'work', '--json'])).stdout) as { accounts: { issuer: string }[] };
    expect(work.accounts.map((a) => a.issuer)).toEqual(['B', 'D']);
    const groups = JSON.parse((await tessera(dir, ['group', 'list', '--json'])).stdout) as { groups: { name: string; accounts: number }[] };
    expect(groups.groups).toEqual([expect.objectContaining({ name: 'work', accounts: 2 })]);
    expect((await tessera(dir, ['group', 'remove', 'work'])).code).toBe(0);
    expect((await listJson()).accounts).toHaveLength(4);
  });
});

describe('tessera show', () => {
  it('shows accounts whose data an otpauth URI cannot carry, and refuses only the URI, with a code', async () => {
    await tessera(dir, ['add', '--issuer', 'Odd', '--label', 'a:b', '--secret', 'JBSWY3DPEHPK3PXP']);
    expect((await tessera(dir, ['show', 'Odd'])).code).toBe(0);
    const uri = await tessera(dir, ['show', 'Odd', '--uri']);
    expect(uri.code).toBe(3);
    expect(uri.stderr).toContain('ERR_URI_UNSUPPORTED');
  });

  it('leaves an embedded icon out of the QR code so it still fits', async () => {
    const image = encodeURIComponent(`data:image/png;base64,${'A'.repeat(30_000)}`);
    expect((await tessera(dir, ['add', `otpauth://totp/Pic:me?secret=JBSWY3DPEHPK3PXP&issuer=Pic&image=${image}`])).code).toBe(0);
    const qr = await tessera(dir, ['show', 'Pic', '--qr']);
    expect(qr.code).toBe(0);
    expect(qr.stdout).toMatch(/[█▀▄]{10,}/);
  });

  it('reveals the URI only when asked, and draws a QR code', async () => {
    await tessera(dir, ['add', GITHUB]);
    const plain = await tessera(dir, ['show', 'github', '--json']);
    expect(plain.stdout).not.toContain('JBSWY3DPEHPK3PXP');
    const uri = await tessera(dir, ['show', 'github', '--uri']);
    expect(uri.stdout).toContain('otpauth://totp/GitHub:alice%40example.com?secret=JBSWY3DPEHPK3PXP');
    const qr = await tessera(dir, ['show', 'github', '--qr']);
    expect(qr.stdout).toMatch(/[█▀▄]{10,}/);
  });
});

describe('output conventions', () => {
  it('prints help with examples and honours NO_COLOR', async () => {
    const help = await tessera(dir, ['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Examples:');
    const addHelp = await tessera(dir, ['add', '--help']);
    expect(addHelp.stdout).toContain('--qr <file>');
    await tessera(dir, ['add', GITHUB]);
    const list = await tessera(dir, ['list'], { env: { NO_COLOR: '1' } });
    expect(list.stdout).not.toContain('\u001b[');
  });

  it('exits 2 on an unknown command or flag', async () => {
    expect((await tessera(dir, ['frobnicate'])).code).toBe(2);
    expect((await tessera(dir, ['list', '--frobnicate'])).code).toBe(2);
  });
});

describe('tessera app-lock', () => {
  it('locks the vault behind a passphrase, rejects a wrong or missing one, and unlocks', async () => {
    await tessera(dir, ['add', GITHUB]);
    const weak = await tessera(dir, ['app-lock', 'enable'], { env: { TESSERA_NEW_PASSPHRASE: 'password' } });
    expect(weak.code).toBe(9);
    expect(weak.stderr).toContain('ERR_PASSPHRASE_WEAK');
    const passphrase = 'correct horse battery staple 7';
    expect((await tessera(dir, ['app-lock', 'enable'], { env: { TESSERA_NEW_PASSPHRASE: passphrase } })).code).toBe(0);
    expect(await readdir(dir)).not.toContain('device.key');
    expect((await tessera(dir, ['list'])).stderr).toContain('ERR_PASSPHRASE_REQUIRED');
    expect((await tessera(dir, ['list'], { env: { TESSERA_PASSPHRASE: 'wrong passphrase here' } })).stderr).toContain('ERR_PASSPHRASE_WRONG');
    const unlocked = await tessera(dir, ['code', 'github', '--json', '--at', '0'], { env: { TESSERA_PASSPHRASE: passphrase } });
    expect(JSON.parse(unlocked.stdout)).toMatchObject({ issuer: 'GitHub' });
    expect((await tessera(dir, ['app-lock', 'disable'], { env: { TESSERA_PASSPHRASE: passphrase } })).code).toBe(0);
    expect((await tessera(dir, ['list'])).code).toBe(0);
  });
});

describe('tessera watch', () => {
  it('prints a block per refresh when not on a terminal', async () => {
    await tessera(dir, ['add', GITHUB]);
    await tessera(dir, ['add', `otpauth://hotp/Bank:me?secret=${RFC_SHA1}&counter=0`]);
    const result = await tessera(dir, ['watch', '--frames', '1']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/1 {2}GitHub \(alice@example.com\) {2}\d{3} \d{3} {2}[▮▯]{10} +\d+s/);
    expect(result.stdout).not.toContain('Bank');
  });
});
