import { describe, expect, it } from 'vitest';
import { SHARED_ACCOUNTS, expectSharedAccounts } from '../internal/test-support/accounts.js';
import { countingKdfs, expectCode, jsonBytes, utf8 } from '../internal/test-support/hostile.js';
import { importEnte } from './import.js';
import { enteLine, enteText } from './test-support/ente-text.js';
import { encryptedEnte } from './test-support/write-ente.js';

const text = enteText(SHARED_ACCOUNTS);

describe('Ente Auth §6.1: encrypted exports', () => {
  it.each([
    ['TAG_FINAL (newer Ente)', 3],
    ['TAG_MESSAGE (older Ente)', 0],
  ])('opens a one-message secretstream ending in %s', async (_, tag) => {
    const kdfs = countingKdfs();
    const parsed = await importEnte({ bytes: jsonBytes(encryptedEnte(text, 'password', tag)), password: 'password', kdfs });
    expect(parsed.format).toBe('ente');
    expectSharedAccounts(parsed.entries, SHARED_ACCOUNTS);
    expect(kdfs.calls.argon2id).toBe(1);
  });

  it('keeps codeDisplay extras (note, tags, pinned) of the decrypted list', async () => {
    const line = enteLine(SHARED_ACCOUNTS[0]!, { note: 'desk drawer', tags: ['Work'], pinned: true });
    const parsed = await importEnte({ bytes: jsonBytes(encryptedEnte(`${line}\n`, 'pw')), password: 'pw' });
    expect(parsed.entries[0]!.ok && parsed.entries[0]!.account).toMatchObject({ note: 'desk drawer', groups: ['Work'], favourite: true });
  });

  it('reads Argon2id memory in bytes (memLimit / 1024 KiB) and passes from the file', async () => {
    const seen: unknown[] = [];
    const file = encryptedEnte(text, 'pw', 3, { memLimit: 65_536, opsLimit: 3 });
    const kdfs = { ...countingKdfs(), argon2id: (p: Uint8Array, s: Uint8Array, params: { t: number; m: number; p: number; dkLen: number }) => (seen.push(params), countingKdfs().argon2id(p, s, params)) };
    expect((await importEnte({ bytes: jsonBytes(file), password: 'pw', kdfs })).entries).toHaveLength(SHARED_ACCOUNTS.length);
    expect(seen).toEqual([{ t: 3, m: 64, p: 1, dkLen: 32 }]);
  });

  it('needs a password, and a wrong one is ERR_IMPORT_PASSWORD_WRONG', async () => {
    const bytes = jsonBytes(encryptedEnte(text, 'password'));
    await expectCode(importEnte({ bytes }), 'ERR_IMPORT_PASSWORD_REQUIRED');
    await expectCode(importEnte({ bytes, password: 'Password' }), 'ERR_IMPORT_PASSWORD_WRONG');
  });

  it('reads the plain export too (the otpauth list importer does the work)', async () => {
    const parsed = await importEnte({ bytes: utf8(text) });
    expect(parsed.format).toBe('ente');
    expectSharedAccounts(parsed.entries, SHARED_ACCOUNTS);
  });

  it('refuses export versions other than 1', async () => {
    await expectCode(importEnte({ bytes: jsonBytes({ ...encryptedEnte(text, 'pw'), version: 2 }), password: 'pw' }), 'ERR_IMPORT_INVALID', /version 2/);
  });
});
