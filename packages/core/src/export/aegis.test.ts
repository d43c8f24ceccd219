import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openAesGcm } from '../internal/cipher.js';
import { defaultImportKdfs } from '../import/kdf-defaults.js';
import { seededRandom } from '../vault/test-support/context.js';
import { exportAegisEncrypted } from './aegis-encrypted.js';
import { aegisDb, exportAegisPlain } from './aegis.js';
import { sampleVault } from './test-support/sample-vault.js';

const hex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'hex'));
const PYTHON = '/usr/bin/python3';
const DECRYPT_PY = fileURLToPath(new URL('./test-support/aegis-decrypt.py', import.meta.url));

interface AegisFile {
  header: { slots: { type: number; key: string; key_params: { nonce: string; tag: string }; salt: string; n: number; r: number; p: number }[]; params: { nonce: string; tag: string } };
  db: string;
}

function pythonHasCryptography(): boolean {
  return existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import cryptography'], { encoding: 'utf8' }).status === 0;
}

describe('Aegis export (formats.md §4)', () => {
  it('writes a version 3 db with order, groups, notes, favourites and icons', () => {
    const vault = sampleVault();
    const { output, skipped } = aegisDb(vault);
    expect(skipped.map((s) => s.account.label)).toEqual(['carol']);
    expect(output.groups).toEqual([{ uuid: vault.groups[0]?.id, name: 'Work' }]);
    expect(output.entries.map((e) => e['name'])).toEqual(['alice@example.com', 'bob smith', 'hotp demo', 'gamer', 'seven digits', 'minute', 'team:alice', '名前 & <b>']);
    const [github, , hotp, steam] = output.entries;
    expect(github).toMatchObject({ type: 'totp', issuer: 'GitHub', note: 'recovery codes in the safe', favorite: true, groups: [vault.groups[0]?.id], icon_mime: 'image/png', info: { secret: 'JBSWY3DPEHPK3PXP', algo: 'SHA1', digits: 6, period: 30 } });
    const iconBytes = Buffer.from(github?.['icon'] as string, 'base64');
    const expectedHash = createHash('sha256').update('image/png').update(iconBytes).digest('hex');
    expect(github?.['icon_hash']).toBe(expectedHash);
    expect(hotp).toMatchObject({ type: 'hotp', icon: null, icon_mime: null, info: { algo: 'SHA512', counter: 4 } });
    expect(steam).toMatchObject({ type: 'steam', info: { algo: 'SHA1', digits: 5, period: 30 } });
  });

  it('writes a plain vault file with null slots and params', () => {
    const parsed = JSON.parse(exportAegisPlain(sampleVault()).output) as { version: number; header: unknown; db: { version: number } };
    expect(parsed.version).toBe(1);
    expect(parsed.header).toEqual({ slots: null, params: null });
    expect(parsed.db.version).toBe(3);
  });

  it('encrypts the db under a scrypt password slot that opens back to the plain db', async () => {
    const vault = sampleVault();
    const { output } = await exportAegisEncrypted(vault, { password: 'correct horse', random: seededRandom(9) });
    const file = JSON.parse(output) as AegisFile;
    const slot = file.header.slots[0]!;
    expect([slot.type, slot.n, slot.r, slot.p, hex(slot.salt).length]).toEqual([1, 32768, 8, 1, 32]);
    const slotKey = await defaultImportKdfs.scrypt(new TextEncoder().encode('correct horse'), hex(slot.salt), { N: slot.n, r: slot.r, p: slot.p, dkLen: 32 });
    const master = openAesGcm(slotKey, hex(slot.key_params.nonce), Buffer.concat([hex(slot.key), hex(slot.key_params.tag)]))!;
    const db = openAesGcm(master, hex(file.header.params.nonce), Buffer.concat([Buffer.from(file.db, 'base64'), hex(file.header.params.tag)]))!;
    expect(JSON.parse(new TextDecoder().decode(db))).toEqual(aegisDb(vault).output);
  });

  it('opens with an independent implementation (Python hashlib.scrypt + python3-cryptography AESGCM)', async (context) => {
    if (!pythonHasCryptography()) {
      if (process.env['CI']) throw new Error('CI must install Debian python3-cryptography for the Aegis cross-check.');
      context.skip();
    }
    const vault = sampleVault();
    const { output } = await exportAegisEncrypted(vault, { password: 'pässwörd ✓', random: seededRandom(3) });
    const run = spawnSync(PYTHON, [DECRYPT_PY, 'pässwörd ✓'], { input: output, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual(aegisDb(vault).output);
  });

  it('refuses an empty password', async () => {
    await expect(exportAegisEncrypted(sampleVault(), { password: '', random: seededRandom() })).rejects.toThrow(TypeError);
  });
});
