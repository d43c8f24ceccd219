// Cross-check against an independent implementation: python3-cryptography (OpenSSL's PBKDF2-SHA1,
// AES-CBC and PKCS#7) writes a legacy-encrypted Authenticator Pro backup, and the importer must
// open it. (libsodium's Argon2id has one lane, so it cannot produce the current layout's p = 4 key.)
import { describe, it } from 'vitest';
import { SHARED_ACCOUNTS, expectSharedAccounts } from '../internal/test-support/accounts.js';
import { expectCode } from '../internal/test-support/hostile.js';
import { inCi, pythonHas, runPython } from '../internal/test-support/python.js';
import { importAuthenticatorPro } from './import.js';
import { authenticator, backupOf } from './test-support/write-authenticator-pro.js';

const available = pythonHas('cryptography');

describe.runIf(!available && inCi)('Authenticator Pro cross-check (python3-cryptography)', () => {
  it('needs python3-cryptography', () => {
    throw new Error('/usr/bin/python3 cannot import cryptography, but CI is set: apt-get install python3-cryptography.');
  });
});

describe.runIf(available)('Authenticator Pro cross-check (python3-cryptography)', () => {
  it('opens a legacy backup encrypted by Python and refuses a wrong password', async () => {
    const document = backupOf(SHARED_ACCOUNTS.map((a, i) => authenticator(a, i)));
    const bytes = runPython(import.meta.url, './test-support/encrypt_authenticator_pro.py', { password: 'tëst', document });
    expectSharedAccounts((await importAuthenticatorPro({ bytes, password: 'tëst' })).entries, SHARED_ACCOUNTS);
    await expectCode(importAuthenticatorPro({ bytes, password: 'test' }), 'ERR_IMPORT_PASSWORD_WRONG');
  });
});
