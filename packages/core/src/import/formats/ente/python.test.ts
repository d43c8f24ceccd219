// Cross-check against an independent implementation: libsodium itself (through python3-nacl)
// derives the key with crypto_pwhash and pushes the secretstream message, with either end tag,
// exactly as Ente Auth does; the importer must open what it wrote.
import { describe, expect, it } from 'vitest';
import { SHARED_ACCOUNTS, expectSharedAccounts } from '../internal/test-support/accounts.js';
import { expectCode } from '../internal/test-support/hostile.js';
import { inCi, pythonHas, runPython } from '../internal/test-support/python.js';
import { importEnte } from './import.js';
import { enteText } from './test-support/ente-text.js';

const available = pythonHas('nacl.bindings');

describe.runIf(!available && inCi)('Ente cross-check (python3-nacl / libsodium)', () => {
  it('needs python3-nacl', () => {
    throw new Error('/usr/bin/python3 cannot import nacl, but CI is set: apt-get install python3-nacl.');
  });
});

describe.runIf(available)('Ente cross-check (python3-nacl / libsodium)', () => {
  const text = enteText(SHARED_ACCOUNTS);

  it.each([
    ['TAG_FINAL', 3],
    ['TAG_MESSAGE', 0],
  ])('opens an export written by libsodium with %s', async (_, tag) => {
    const bytes = runPython(import.meta.url, './test-support/encrypt_ente.py', { password: 'pässword', text, memLimit: 1024 * 1024, opsLimit: 2, tag });
    expectSharedAccounts((await importEnte({ bytes, password: 'pässword' })).entries, SHARED_ACCOUNTS);
    await expectCode(importEnte({ bytes, password: 'password' }), 'ERR_IMPORT_PASSWORD_WRONG');
  });

  it('opens one with libsodium’s minimum memory and a longer, odd-length plaintext', async () => {
    const long = `${text}${'#'.repeat(1001)}\n`;
    const bytes = runPython(import.meta.url, './test-support/encrypt_ente.py', { password: 'x', text: long, memLimit: 8192, opsLimit: 1, tag: 3 });
    expect((await importEnte({ bytes, password: 'x' })).entries).toHaveLength(SHARED_ACCOUNTS.length);
  });
});
