// Cross-check against an independent implementation: python3-cryptography (OpenSSL's PBKDF2-SHA1
// and AES-GCM) writes a new-layout encrypted andOTP backup, and the importer must open it.
import { describe, it } from 'vitest';
import { SHARED_ACCOUNTS, expectSharedAccounts } from '../internal/test-support/accounts.js';
import { expectCode } from '../internal/test-support/hostile.js';
import { inCi, pythonHas, runPython } from '../internal/test-support/python.js';
import { importAndOtp } from './import.js';
import { andOtpEntry } from './test-support/write-andotp.js';

const available = pythonHas('cryptography');

describe.runIf(!available && inCi)('andOTP cross-check (python3-cryptography)', () => {
  it('needs python3-cryptography', () => {
    throw new Error('/usr/bin/python3 cannot import cryptography, but CI is set: apt-get install python3-cryptography.');
  });
});

describe.runIf(available)('andOTP cross-check (python3-cryptography)', () => {
  it('opens a backup encrypted by Python and refuses a wrong password', async () => {
    const entries = SHARED_ACCOUNTS.map((a) => andOtpEntry(a));
    const bytes = runPython(import.meta.url, './test-support/encrypt_andotp.py', { password: 'tëst', entries, iterations: 3_000 });
    expectSharedAccounts((await importAndOtp({ bytes, password: 'tëst' })).entries, SHARED_ACCOUNTS);
    await expectCode(importAndOtp({ bytes, password: 'test' }), 'ERR_IMPORT_PASSWORD_WRONG');
  });
});
