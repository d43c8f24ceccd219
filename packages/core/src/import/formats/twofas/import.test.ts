import { describe, expect, it } from 'vitest';
import { SHARED_ACCOUNTS, expectSharedAccounts } from '../internal/test-support/accounts.js';
import { countingKdfs, expectCode, jsonBytes } from '../internal/test-support/hostile.js';
import { importTwoFas } from './import.js';
import { encryptedTwoFas, plainTwoFas, twoFasService } from './test-support/write-twofas.js';

const services = SHARED_ACCOUNTS.map((a, i) => twoFasService(a, i));

describe('2FAS §5.1/§5.3: plain backups', () => {
  it('imports the shared accounts of a schema-4 backup with their codes', async () => {
    const parsed = await importTwoFas({ bytes: jsonBytes(plainTwoFas(services)) });
    expect(parsed.format).toBe('2fas');
    expectSharedAccounts(parsed.entries, SHARED_ACCOUNTS);
  });

  it('orders entries by order.position, keeping each entry’s place in the file as its index', async () => {
    const shuffled = [services[2], services[0], services[1]].map((s, i) => ({ ...s, order: { position: [2, 0, 1][i] } }));
    const parsed = await importTwoFas({ bytes: jsonBytes(plainTwoFas(shuffled)) });
    expect(parsed.entries.map((e) => [e.index, e.name])).toEqual([
      [2, 'Deno (Mason)'],
      [3, 'SPDX (James)'],
      [1, 'Airbnb (Elijah)'],
    ]);
  });

  it('maps groupId to the group’s name and warns about an unknown group', async () => {
    const groups = [{ id: 'g-1', name: 'Work', isExpanded: true, updatedAt: 0 }];
    const grouped = [{ ...services[0], groupId: 'g-1' }, { ...services[1], groupId: 'missing' }];
    const parsed = await importTwoFas({ bytes: jsonBytes(plainTwoFas(grouped, groups)) });
    expect(parsed.entries[0]!.ok && parsed.entries[0]!.account.groups).toEqual(['Work']);
    expect(parsed.entries[1]!.ok && parsed.entries[1]!.account.groups).toBeUndefined();
    expect(parsed.warnings).toEqual(['SPDX (James): imported without a group the backup refers to but does not define.']);
  });

  it('reads schema 1 (label/account/issuer only, legacy type) with 2FAS defaults', async () => {
    const v1 = { name: 'Deno', secret: '4SJHB4GSD43FZBAI7C2HLRJGPQ', type: 'Unknown', otp: { label: 'Deno:Mason', account: 'Mason', issuer: 'Deno' }, order: { position: 0 } };
    const parsed = await importTwoFas({ bytes: jsonBytes(plainTwoFas([v1], [], 1)) });
    expectSharedAccounts(parsed.entries, [SHARED_ACCOUNTS[0]!]);
  });

  it('falls back to otp.issuer for an empty name and to otp.label for a missing account (iOS)', async () => {
    const ios = { name: '', secret: '4SJHB4GSD43FZBAI7C2HLRJGPQ', otp: { label: 'Mason', issuer: 'Deno', source: 'manual', tokenType: 'TOTP' }, order: { position: 0 } };
    const parsed = await importTwoFas({ bytes: jsonBytes({ ...plainTwoFas([ios]), appOrigin: 'ios' }) });
    expectSharedAccounts(parsed.entries, [SHARED_ACCOUNTS[0]!]);
  });

  it('fails SHA224, unknown token types and HOTP without a counter, with reasons', async () => {
    const sha224 = twoFasService(SHARED_ACCOUNTS[0]!, 0);
    (sha224['otp'] as Record<string, unknown>)['algorithm'] = 'SHA224';
    const weird = twoFasService(SHARED_ACCOUNTS[1]!, 1);
    (weird['otp'] as Record<string, unknown>)['tokenType'] = 'YANDEX';
    const noCounter = twoFasService(SHARED_ACCOUNTS[3]!, 2);
    delete (noCounter['otp'] as Record<string, unknown>)['counter'];
    const parsed = await importTwoFas({ bytes: jsonBytes(plainTwoFas([sha224, weird, noCounter, services[2]])) });
    expect(parsed.entries.map((e) => (e.ok ? 'ok' : e.code))).toEqual(['ERR_OTP_PARAMS_INVALID', 'ERR_IMPORT_ENTRY_INVALID', 'ERR_OTP_PARAMS_INVALID', 'ok']);
  });

  it('refuses schema versions outside 1–4', async () => {
    await expectCode(importTwoFas({ bytes: jsonBytes(plainTwoFas(services, [], 5)) }), 'ERR_IMPORT_INVALID', /schema version 5/);
    await expectCode(importTwoFas({ bytes: jsonBytes(plainTwoFas(services, [], 0)) }), 'ERR_IMPORT_INVALID');
  });
});

describe('2FAS §5.2: encrypted backups', () => {
  const groups = [{ id: 'g', name: 'Personal' }];
  const file = encryptedTwoFas(services.map((s) => ({ ...s, groupId: 'g' })), 'test', groups);

  it('opens with the password, checking it against reference first', async () => {
    const kdfs = countingKdfs();
    const parsed = await importTwoFas({ bytes: jsonBytes(file), password: 'test', kdfs });
    expectSharedAccounts(parsed.entries, SHARED_ACCOUNTS);
    expect(parsed.entries[0]!.ok && parsed.entries[0]!.account.groups).toEqual(['Personal']);
    expect(kdfs.calls.pbkdf2).toBe(1);
  });

  it('needs a password; a wrong one fails on reference, before the services', async () => {
    await expectCode(importTwoFas({ bytes: jsonBytes(file) }), 'ERR_IMPORT_PASSWORD_REQUIRED');
    await expectCode(importTwoFas({ bytes: jsonBytes(file), password: 'tesT' }), 'ERR_IMPORT_PASSWORD_WRONG');
    const brokenServices = { ...file, servicesEncrypted: (file['servicesEncrypted'] as string).replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) };
    await expectCode(importTwoFas({ bytes: jsonBytes(brokenServices), password: 'wrong' }), 'ERR_IMPORT_PASSWORD_WRONG');
    await expectCode(importTwoFas({ bytes: jsonBytes(brokenServices), password: 'test' }), 'ERR_IMPORT_INVALID', /damaged/);
  });

  it('refuses a reference that decrypts to anything but the 2FAS constant', async () => {
    const other = encryptedTwoFas(services, 'test');
    const swapped = { ...file, reference: other['servicesEncrypted'] };
    await expectCode(importTwoFas({ bytes: jsonBytes(swapped), password: 'test' }), 'ERR_IMPORT_PASSWORD_WRONG');
  });

  it('opens a file without reference, where a wrong password shows on the services', async () => {
    const noReference = Object.fromEntries(Object.entries(file).filter(([key]) => key !== 'reference'));
    expect((await importTwoFas({ bytes: jsonBytes(noReference), password: 'test' })).entries).toHaveLength(SHARED_ACCOUNTS.length);
    await expectCode(importTwoFas({ bytes: jsonBytes(noReference), password: 'nope' }), 'ERR_IMPORT_PASSWORD_WRONG');
  });
});
