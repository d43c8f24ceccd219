import { describe, expect, it } from 'vitest';
import { SHARED_TIME_BASED, expectSharedAccounts } from '../internal/test-support/accounts.js';
import { countingKdfs, expectCode, jsonBytes } from '../internal/test-support/hostile.js';
import { importProton } from './import.js';
import { encryptedProton, plainProton, protonEntry } from './test-support/write-proton.js';

const entries = SHARED_TIME_BASED.map((a) => protonEntry(a));

describe('Proton Authenticator §6.7: plain exports', () => {
  it('imports TOTP and Steam entries in order, with their codes', async () => {
    const parsed = await importProton({ bytes: jsonBytes(plainProton(entries)) });
    expect(parsed.format).toBe('proton');
    // Proton's Steam entries carry a name but no issuer: they come back as Steam (name).
    const expected = SHARED_TIME_BASED.map((a) => (a.otp.type === 'steam' ? { ...a, issuer: 'Steam' } : a));
    expectSharedAccounts(parsed.entries, expected);
  });

  it('keeps notes, and reads Steam secrets written in base32 too', async () => {
    const steam = { id: 'x', content: { uri: 'steam://JRZCL47CMXVOQMNPZR2F7J4RGI', entry_type: 'Steam', name: 'Sophia' }, note: 'main account' };
    const parsed = await importProton({ bytes: jsonBytes(plainProton([steam, protonEntry(SHARED_TIME_BASED[0]!, 'backup codes in drawer')])) });
    expect(parsed.entries.map((e) => e.ok && [e.account.otp.secret, e.account.note])).toEqual([
      ['JRZCL47CMXVOQMNPZR2F7J4RGI', 'main account'],
      ['4SJHB4GSD43FZBAI7C2HLRJGPQ', 'backup codes in drawer'],
    ]);
  });

  it('fails unknown entry types and bad URIs with reasons', async () => {
    const hotp = { id: 'h', content: { uri: 'otpauth://hotp/X:y?secret=JBSWY3DP&counter=1', entry_type: 'Hotp' }, note: null };
    const badSteam = { id: 's', content: { uri: 'otpauth://totp/X?secret=JBSWY3DP', entry_type: 'Steam' }, note: null };
    const badUri = { id: 't', content: { uri: 'otpauth://totp/X?secret=!!', entry_type: 'Totp' }, note: null };
    const parsed = await importProton({ bytes: jsonBytes(plainProton([hotp, badSteam, badUri, entries[0]])) });
    expect(parsed.entries.map((e) => (e.ok ? 'ok' : e.code))).toEqual(['ERR_IMPORT_ENTRY_INVALID', 'ERR_IMPORT_ENTRY_INVALID', 'ERR_SECRET_INVALID', 'ok']);
  });

  it('refuses other export versions', async () => {
    await expectCode(importProton({ bytes: jsonBytes({ version: 2, entries }) }), 'ERR_IMPORT_INVALID', /version 2/);
  });
});

describe('Proton Authenticator §6.7: password-protected exports', () => {
  const file = encryptedProton(entries, 'p4ss');

  it('opens with Argon2id (19 MiB, t = 2) and AES-GCM with Proton’s additional data', async () => {
    const kdfs = countingKdfs();
    const parsed = await importProton({ bytes: jsonBytes(file), password: 'p4ss', kdfs });
    expect(parsed.entries.map((e) => e.ok)).toEqual(entries.map(() => true));
    expect(kdfs.calls.argon2id).toBe(1);
  });

  it('needs a password, and a wrong one is ERR_IMPORT_PASSWORD_WRONG', async () => {
    await expectCode(importProton({ bytes: jsonBytes(file) }), 'ERR_IMPORT_PASSWORD_REQUIRED');
    await expectCode(importProton({ bytes: jsonBytes(file), password: 'p4sS' }), 'ERR_IMPORT_PASSWORD_WRONG');
  });
});
