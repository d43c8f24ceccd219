import { describe, expect, it } from 'vitest';
import { SHARED_ACCOUNTS, expectSharedAccounts } from '../internal/test-support/accounts.js';
import { countingKdfs, expectCode, jsonBytes } from '../internal/test-support/hostile.js';
import { importAndOtp } from './import.js';
import { andOtpEntry, encryptAndOtp, encryptAndOtpOld } from './test-support/write-andotp.js';

const entries = SHARED_ACCOUNTS.map((a) => andOtpEntry(a));

describe('andOTP §6.3: plain backups', () => {
  it('imports the shared accounts in order, with their codes', async () => {
    const parsed = await importAndOtp({ bytes: jsonBytes(entries) });
    expect(parsed.format).toBe('andotp');
    expectSharedAccounts(parsed.entries, SHARED_ACCOUNTS);
  });

  it('turns tags into groups', async () => {
    const parsed = await importAndOtp({ bytes: jsonBytes([andOtpEntry(SHARED_ACCOUNTS[0]!, { tags: ['Work', 'Dev', 'work'] })]) });
    expect(parsed.entries[0]!.ok && parsed.entries[0]!.account.groups).toEqual(['Work', 'Dev']);
  });

  it('splits "Issuer - Account" labels of files without issuers', async () => {
    const old = Object.fromEntries(Object.entries(andOtpEntry(SHARED_ACCOUNTS[0]!, { label: 'Deno - Mason' })).filter(([k]) => k !== 'issuer'));
    const noDash = Object.fromEntries(Object.entries(andOtpEntry(SHARED_ACCOUNTS[1]!, { label: 'James' })).filter(([k]) => k !== 'issuer'));
    const parsed = await importAndOtp({ bytes: jsonBytes([old, noDash]) });
    expect(parsed.entries.map((e) => e.ok && [e.account.issuer, e.account.label])).toEqual([
      ['Deno', 'Mason'],
      ['', 'James'],
    ]);
  });

  it('fails MOTP and malformed entries with reasons, keeping the rest', async () => {
    const motp = andOtpEntry(SHARED_ACCOUNTS[0]!, { type: 'MOTP' });
    const parsed = await importAndOtp({ bytes: jsonBytes([motp, 'nonsense', entries[1]]) });
    expect(parsed.entries.map((e) => (e.ok ? 'ok' : e.code))).toEqual(['ERR_IMPORT_ENTRY_INVALID', 'ERR_IMPORT_ENTRY_INVALID', 'ok']);
    expect(parsed.entries[0]!.ok ? '' : parsed.entries[0]!.reason).toMatch(/MOTP entries are not supported/);
  });
});

describe('andOTP §6.3: encrypted backups', () => {
  it('opens the new layout with the iteration count from the file', async () => {
    const kdfs = countingKdfs();
    const parsed = await importAndOtp({ bytes: encryptAndOtp(entries, 'test', 2_000), password: 'test', kdfs });
    expectSharedAccounts(parsed.entries, SHARED_ACCOUNTS);
    expect(kdfs.calls.pbkdf2).toBe(1);
  });

  it('opens the new layout at andOTP’s real iteration count (145 776 in its sample) with the default KDF', async () => {
    const parsed = await importAndOtp({ bytes: encryptAndOtp(entries.slice(0, 1), 'test', 145_776), password: 'test' });
    expectSharedAccounts(parsed.entries, SHARED_ACCOUNTS.slice(0, 1));
  });

  it('opens the old layout (SHA-256 key) without running PBKDF2', async () => {
    const kdfs = countingKdfs();
    const parsed = await importAndOtp({ bytes: encryptAndOtpOld(entries, 'test'), password: 'test', kdfs });
    expectSharedAccounts(parsed.entries, SHARED_ACCOUNTS);
    expect(kdfs.calls.pbkdf2).toBe(0);
  });

  it('needs a password, and a wrong one is ERR_IMPORT_PASSWORD_WRONG for either layout', async () => {
    await expectCode(importAndOtp({ bytes: encryptAndOtp(entries, 'test') }), 'ERR_IMPORT_PASSWORD_REQUIRED');
    await expectCode(importAndOtp({ bytes: encryptAndOtp(entries, 'test'), password: 'tset' }), 'ERR_IMPORT_PASSWORD_WRONG');
    const old = encryptAndOtpOld(entries, 'test');
    // An old file's first four bytes are a random IV; most read as an out-of-range count.
    const error = importAndOtp({ bytes: old, password: 'tset' });
    await expect(error).rejects.toMatchObject({ code: expect.stringMatching(/^ERR_IMPORT_(PASSWORD_WRONG|INVALID)$/) as unknown });
  });
});
