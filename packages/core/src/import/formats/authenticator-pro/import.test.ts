import { describe, expect, it } from 'vitest';
import { SHARED_ACCOUNTS, expectSharedAccounts } from '../internal/test-support/accounts.js';
import { countingKdfs, expectCode, jsonBytes } from '../internal/test-support/hostile.js';
import { importAuthenticatorPro } from './import.js';
import { authenticator, backupOf, categoryId, encryptLegacy, encryptStrong } from './test-support/write-authenticator-pro.js';

const PNG_1PX = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const authenticators = SHARED_ACCOUNTS.map((a, i) => authenticator(a, i));
const document = backupOf(authenticators);

describe('Authenticator Pro §6.6: plain backups', () => {
  it('imports the shared accounts with their codes', async () => {
    const parsed = await importAuthenticatorPro({ bytes: jsonBytes(document) });
    expect(parsed.format).toBe('authenticator-pro');
    expectSharedAccounts(parsed.entries, SHARED_ACCOUNTS);
  });

  it('orders by Ranking and keeps each entry’s place in the file as its index', async () => {
    const ranked = [authenticator(SHARED_ACCOUNTS[0]!, 5), authenticator(SHARED_ACCOUNTS[1]!, 1), authenticator(SHARED_ACCOUNTS[2]!, 3)];
    const parsed = await importAuthenticatorPro({ bytes: jsonBytes(backupOf(ranked)) });
    expect(parsed.entries.map((e) => [e.index, e.name])).toEqual([
      [2, 'SPDX (James)'],
      [3, 'Airbnb (Elijah)'],
      [1, 'Deno (Mason)'],
    ]);
  });

  it('maps categories to groups through AuthenticatorCategories, and custom icons to data: URIs', async () => {
    const secret = SHARED_ACCOUNTS[0]!.otp.secret;
    const withIcon = authenticator(SHARED_ACCOUNTS[0]!, 0, { Icon: '@abcd1234' });
    const builtIn = authenticator(SHARED_ACCOUNTS[1]!, 1, { Icon: 'google' });
    const missing = authenticator(SHARED_ACCOUNTS[2]!, 2, { Icon: '@00000000' });
    const backup = backupOf([withIcon, builtIn, missing], {
      Categories: [
        { Id: categoryId('Work'), Name: 'Work', Ranking: 0 },
        { Id: categoryId('Dev'), Name: 'Dev', Ranking: 1 },
      ],
      AuthenticatorCategories: [
        { CategoryId: categoryId('Dev'), AuthenticatorSecret: secret, Ranking: 0 },
        { CategoryId: categoryId('Work'), AuthenticatorSecret: secret, Ranking: 0 },
      ],
      CustomIcons: [{ Id: 'abcd1234', Data: PNG_1PX }],
    });
    const parsed = await importAuthenticatorPro({ bytes: jsonBytes(backup) });
    expect(parsed.entries[0]!.ok && parsed.entries[0]!.account).toMatchObject({ groups: ['Dev', 'Work'], icon: { image: `data:image/png;base64,${PNG_1PX}` } });
    expect(parsed.entries[1]!.ok && parsed.entries[1]!.account.icon).toBeUndefined();
    expect(parsed.warnings).toEqual(['Airbnb (Elijah): imported without its icon: the backup does not contain it.']);
  });

  it('fails Mobile-OTP, Yandex and unknown algorithms with reasons', async () => {
    const motp = authenticator(SHARED_ACCOUNTS[0]!, 0, { Type: 3, Pin: '1234' });
    const yandex = authenticator(SHARED_ACCOUNTS[1]!, 1, { Type: 5 });
    const algo = authenticator(SHARED_ACCOUNTS[2]!, 2, { Algorithm: 7 });
    const parsed = await importAuthenticatorPro({ bytes: jsonBytes(backupOf([motp, yandex, algo, authenticators[3]])) });
    expect(parsed.entries.map((e) => (e.ok ? 'ok' : e.code))).toEqual(['ERR_IMPORT_ENTRY_INVALID', 'ERR_IMPORT_ENTRY_INVALID', 'ERR_OTP_PARAMS_INVALID', 'ok']);
    expect(parsed.entries.map((e) => (e.ok ? '' : e.reason))[1]).toMatch(/Yandex entries are not supported/);
  });
});

describe('Authenticator Pro §6.6: encrypted backups', () => {
  it('opens the current layout (Argon2id t=3, 64 MiB, p=4 + AES-GCM)', async () => {
    const kdfs = countingKdfs();
    const parsed = await importAuthenticatorPro({ bytes: encryptStrong(document, 'test'), password: 'test', kdfs });
    expectSharedAccounts(parsed.entries, SHARED_ACCOUNTS);
    expect(kdfs.calls.argon2id).toBe(1);
    await expectCode(importAuthenticatorPro({ bytes: encryptStrong(document, 'test'), password: 'tesT' }), 'ERR_IMPORT_PASSWORD_WRONG');
  }, 30_000);

  it('opens the legacy layout (PBKDF2-SHA1 64 000 + AES-CBC)', async () => {
    const bytes = encryptLegacy(document, 'test');
    expectSharedAccounts((await importAuthenticatorPro({ bytes, password: 'test' })).entries, SHARED_ACCOUNTS);
    await expectCode(importAuthenticatorPro({ bytes, password: 'tesT' }), 'ERR_IMPORT_PASSWORD_WRONG');
  });

  it('needs a password for either layout', async () => {
    await expectCode(importAuthenticatorPro({ bytes: encryptLegacy(document, 'x') }), 'ERR_IMPORT_PASSWORD_REQUIRED');
    const strongHeaderOnly = new TextEncoder().encode('AUTHENTICATORPRO');
    await expectCode(importAuthenticatorPro({ bytes: strongHeaderOnly }), 'ERR_IMPORT_PASSWORD_REQUIRED');
  });
});
