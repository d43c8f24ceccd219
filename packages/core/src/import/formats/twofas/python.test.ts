// Cross-check against an independent implementation: python3-cryptography (OpenSSL's PBKDF2 and
// AES-GCM) writes an encrypted 2FAS backup as 2fas-android does, and the importer must open it.
import { describe, expect, it } from 'vitest';
import { SHARED_ACCOUNTS, expectSharedAccounts } from '../internal/test-support/accounts.js';
import { expectCode } from '../internal/test-support/hostile.js';
import { inCi, pythonHas, runPython } from '../internal/test-support/python.js';
import { TWOFAS_REFERENCE } from './decrypt.js';
import { importTwoFas } from './import.js';
import { twoFasService } from './test-support/write-twofas.js';

const available = pythonHas('cryptography');

describe.runIf(!available && inCi)('2FAS cross-check (python3-cryptography)', () => {
  it('needs python3-cryptography', () => {
    throw new Error('/usr/bin/python3 cannot import cryptography, but CI is set: apt-get install python3-cryptography.');
  });
});

describe.runIf(available)('2FAS cross-check (python3-cryptography)', () => {
  it('opens a backup encrypted by Python, with its groups, and refuses a wrong password', async () => {
    const services = SHARED_ACCOUNTS.map((a, i) => twoFasService(a, i, { groupId: 'g1' }));
    const groups = [{ id: 'g1', name: 'Work', isExpanded: true, updatedAt: 0 }];
    const bytes = runPython(import.meta.url, './test-support/encrypt_twofas.py', { password: 'hünter2', services, groups, reference: TWOFAS_REFERENCE });
    const parsed = await importTwoFas({ bytes, password: 'hünter2' });
    expectSharedAccounts(parsed.entries, SHARED_ACCOUNTS);
    expect(parsed.entries.every((e) => e.ok && e.account.groups?.[0] === 'Work')).toBe(true);
    await expectCode(importTwoFas({ bytes, password: 'hunter2' }), 'ERR_IMPORT_PASSWORD_WRONG');
  });
});
