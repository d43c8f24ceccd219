// Cross-check against independent implementations: libsodium's Argon2id (python3-nacl) and
// OpenSSL's AES-GCM (python3-cryptography) write a password-protected Proton export, and the
// importer must open it.
import { describe, it } from 'vitest';
import { SHARED_TIME_BASED, expectSharedAccounts } from '../internal/test-support/accounts.js';
import { expectCode } from '../internal/test-support/hostile.js';
import { inCi, pythonHas, runPython } from '../internal/test-support/python.js';
import { importProton } from './import.js';
import { plainProton, protonEntry } from './test-support/write-proton.js';

const available = pythonHas('cryptography', 'nacl.bindings');

describe.runIf(!available && inCi)('Proton cross-check (python3-nacl, python3-cryptography)', () => {
  it('needs python3-nacl and python3-cryptography', () => {
    throw new Error('/usr/bin/python3 cannot import nacl or cryptography, but CI is set: apt-get install python3-nacl python3-cryptography.');
  });
});

describe.runIf(available)('Proton cross-check (python3-nacl, python3-cryptography)', () => {
  it('opens an export protected by Python and refuses a wrong password', async () => {
    const exported = plainProton(SHARED_TIME_BASED.map((a) => protonEntry(a)));
    const bytes = runPython(import.meta.url, './test-support/encrypt_proton.py', { password: '1231246', export: exported });
    const expected = SHARED_TIME_BASED.map((a) => (a.otp.type === 'steam' ? { ...a, issuer: 'Steam' } : a));
    expectSharedAccounts((await importProton({ bytes, password: '1231246' })).entries, expected);
    await expectCode(importProton({ bytes, password: '1231247' }), 'ERR_IMPORT_PASSWORD_WRONG');
  });
});
