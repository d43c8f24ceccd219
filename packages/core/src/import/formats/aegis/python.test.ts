// Cross-check against an independent implementation: python3-cryptography (OpenSSL's scrypt and
// AES-GCM) writes an encrypted Aegis vault from vault.md, and the importer must open it.
import { describe, expect, it } from 'vitest';
import { SHARED_ACCOUNTS, expectSharedAccounts } from '../internal/test-support/accounts.js';
import { expectCode } from '../internal/test-support/hostile.js';
import { inCi, pythonHas, runPython } from '../internal/test-support/python.js';
import { importAegis } from './import.js';
import { aegisDb, aegisEntry } from './test-support/write-aegis.js';

const available = pythonHas('cryptography');

describe.runIf(!available && inCi)('Aegis cross-check (python3-cryptography)', () => {
  it('needs python3-cryptography', () => {
    throw new Error('/usr/bin/python3 cannot import cryptography, but CI is set: apt-get install python3-cryptography.');
  });
});

describe.runIf(available)('Aegis cross-check (python3-cryptography)', () => {
  const db = aegisDb(SHARED_ACCOUNTS.map((a) => aegisEntry(a)), [{ uuid: 'g1', name: 'Work' }]);

  it('opens a vault encrypted by Python at the Aegis default parameters', async () => {
    const bytes = runPython(import.meta.url, './test-support/encrypt_aegis.py', { password: 'pässwörd', db, n: 2 ** 15, r: 8, p: 1 });
    const parsed = await importAegis({ bytes, password: 'pässwörd' });
    expectSharedAccounts(parsed.entries, SHARED_ACCOUNTS);
    await expectCode(importAegis({ bytes, password: 'passwort' }), 'ERR_IMPORT_PASSWORD_WRONG');
  });

  it('opens one with other scrypt parameters read from the slot', async () => {
    const bytes = runPython(import.meta.url, './test-support/encrypt_aegis.py', { password: 'x', db, n: 2 ** 10, r: 4, p: 2 });
    expect((await importAegis({ bytes, password: 'x' })).entries).toHaveLength(SHARED_ACCOUNTS.length);
  });
});
