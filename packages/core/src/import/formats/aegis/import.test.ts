import { describe, expect, it } from 'vitest';
import { SHARED_ACCOUNTS, expectSharedAccounts } from '../internal/test-support/accounts.js';
import { countingKdfs, expectCode, forbiddenKdfs, jsonBytes } from '../internal/test-support/hostile.js';
import { importAegis } from './import.js';
import { aegisDb, aegisEntry, encryptedAegisFile, fileBytes, plainAegisFile } from './test-support/write-aegis.js';

const PNG_1PX = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const sharedDb = aegisDb(SHARED_ACCOUNTS.map((a) => aegisEntry(a)));

describe('Aegis vault.md §4.3: plain databases', () => {
  it('imports the shared accounts of a v3 database in order, with their codes', async () => {
    const parsed = await importAegis({ bytes: plainAegisFile(sharedDb) });
    expect(parsed.format).toBe('aegis');
    expectSharedAccounts(parsed.entries, SHARED_ACCOUNTS);
    expect(parsed.entries.map((e) => e.index)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(parsed.entries[0]!.name).toBe('Deno (Mason)');
    expect(parsed.warnings).toEqual([]);
  });

  it('keeps v3 groups (uuid → name), notes, favourites and icons', async () => {
    const groups = [
      { uuid: 'a6a4e8a0-0000-4000-8000-000000000001', name: 'Work' },
      { uuid: 'a6a4e8a0-0000-4000-8000-000000000002', name: 'Personal' },
    ];
    const entry = aegisEntry(SHARED_ACCOUNTS[0]!, {
      groups: [groups[1]!.uuid, groups[0]!.uuid],
      note: 'recovery codes in the safe\nsecond line',
      favorite: true,
      icon: PNG_1PX,
      icon_mime: 'image/png',
    });
    const parsed = await importAegis({ bytes: fileBytes({ version: 1, header: { slots: null, params: null }, db: aegisDb([entry], groups) }) });
    const first = parsed.entries[0]!;
    expect(first.ok && first.account).toMatchObject({
      groups: ['Personal', 'Work'],
      note: 'recovery codes in the safe\nsecond line',
      favourite: true,
      icon: { image: `data:image/png;base64,${PNG_1PX}` },
    });
  });

  it('treats a missing icon_mime as JPEG and refuses unknown image types with a warning', async () => {
    const jpeg = aegisEntry(SHARED_ACCOUNTS[0]!, { icon: '/9j/4AAQ' });
    delete jpeg['icon_mime'];
    const gif = aegisEntry(SHARED_ACCOUNTS[1]!, { icon: 'R0lGODlh', icon_mime: 'image/gif' });
    const parsed = await importAegis({ bytes: plainAegisFile(aegisDb([jpeg, gif])) });
    expect(parsed.entries[0]!.ok && parsed.entries[0]!.account.icon).toEqual({ image: 'data:image/jpeg;base64,/9j/4AAQ' });
    expect(parsed.entries[1]!.ok && parsed.entries[1]!.account.icon).toBeUndefined();
    expect(parsed.warnings).toEqual(['SPDX (James): imported without its icon: the image type is not PNG, JPEG or SVG.']);
  });

  it('reads v2 group names and v1 entries without note, favourite or groups', async () => {
    const v2 = aegisEntry(SHARED_ACCOUNTS[0]!, { group: 'Finance' });
    delete v2['groups'];
    const full = aegisEntry(SHARED_ACCOUNTS[1]!);
    const v1 = Object.fromEntries(Object.entries(full).filter(([key]) => !['note', 'favorite', 'groups', 'icon', 'uuid'].includes(key)));
    const parsed = await importAegis({ bytes: plainAegisFile({ version: 1, entries: [v1] }) });
    expectSharedAccounts(parsed.entries, [SHARED_ACCOUNTS[1]!]);
    const v2Parsed = await importAegis({ bytes: plainAegisFile({ version: 2, entries: [v2] }) });
    expect(v2Parsed.entries[0]!.ok && v2Parsed.entries[0]!.account.groups).toEqual(['Finance']);
  });

  it('fails motp, yandex and MD5 entries with a reason, keeping the others', async () => {
    const yandex = { ...aegisEntry(SHARED_ACCOUNTS[0]!), type: 'yandex', info: { secret: 'JBSWY3DPEHPK3PXP', algo: 'SHA256', digits: 8, period: 30, pin: 'MZXW6' } };
    const motp = { ...aegisEntry(SHARED_ACCOUNTS[0]!), type: 'motp', info: { secret: 'abcd', algo: 'MD5', digits: 6, period: 10, pin: '1234' } };
    const md5 = aegisEntry(SHARED_ACCOUNTS[1]!);
    (md5['info'] as Record<string, unknown>)['algo'] = 'MD5';
    const parsed = await importAegis({ bytes: plainAegisFile(aegisDb([yandex, aegisEntry(SHARED_ACCOUNTS[2]!), motp, md5])) });
    expect(parsed.entries.map((e) => (e.ok ? 'ok' : e.code))).toEqual(['ERR_IMPORT_ENTRY_INVALID', 'ok', 'ERR_IMPORT_ENTRY_INVALID', 'ERR_OTP_PARAMS_INVALID']);
    expect(parsed.entries[0]!.ok ? '' : parsed.entries[0]!.reason).toMatch(/"yandex" are not supported/);
  });

  it('uses the issuer as label when the name is empty, and fails an entry with neither', async () => {
    const noName = aegisEntry(SHARED_ACCOUNTS[0]!, { name: '' });
    const nothing = aegisEntry(SHARED_ACCOUNTS[1]!, { name: '', issuer: '' });
    const parsed = await importAegis({ bytes: plainAegisFile(aegisDb([noName, nothing])) });
    expect(parsed.entries[0]!.ok && parsed.entries[0]!.account.label).toBe('Deno');
    expect(parsed.entries[1]).toMatchObject({ ok: false, code: 'ERR_IMPORT_ENTRY_INVALID', name: 'entry 2' });
  });

  it('warns about a group uuid the vault does not define', async () => {
    const parsed = await importAegis({ bytes: plainAegisFile(aegisDb([aegisEntry(SHARED_ACCOUNTS[0]!, { groups: ['nope'] })])) });
    expect(parsed.entries[0]!.ok).toBe(true);
    expect(parsed.warnings).toEqual(['Deno (Mason): imported without a group the vault refers to but does not define.']);
  });

  it('refuses database versions above 3 and file versions other than 1', async () => {
    await expectCode(importAegis({ bytes: plainAegisFile(aegisDb([], [], 4)) }), 'ERR_IMPORT_INVALID', /database version 4/);
    await expectCode(importAegis({ bytes: jsonBytes({ version: 2, header: { slots: null, params: null }, db: sharedDb }) }), 'ERR_IMPORT_INVALID');
  });
});

describe('Aegis vault.md §4.2: encrypted vaults', () => {
  const file = encryptedAegisFile(sharedDb, [{ password: 'test' }]);

  it('opens with the password through the scrypt slot, the master key and the db', async () => {
    const parsed = await importAegis({ bytes: fileBytes(file), password: 'test' });
    expectSharedAccounts(parsed.entries, SHARED_ACCOUNTS);
  });

  it('tries every password slot (the backup-password slot opens it too)', async () => {
    const twoSlots = encryptedAegisFile(sharedDb, [{ password: 'main' }, { password: 'backup ✓' }], [{ type: 2, uuid: 'x', key: '00', key_params: {} }]);
    expectSharedAccounts((await importAegis({ bytes: fileBytes(twoSlots), password: 'backup ✓' })).entries, SHARED_ACCOUNTS);
  });

  it('needs a password, and a wrong one is ERR_IMPORT_PASSWORD_WRONG', async () => {
    await expectCode(importAegis({ bytes: fileBytes(file) }), 'ERR_IMPORT_PASSWORD_REQUIRED');
    await expectCode(importAegis({ bytes: fileBytes(file), password: 'Test' }), 'ERR_IMPORT_PASSWORD_WRONG');
  });

  it('derives with the default pure-JS scrypt at the Aegis default N = 2^15', async () => {
    const real = encryptedAegisFile(sharedDb, [{ password: 'test', n: 2 ** 15 }]);
    const kdfs = countingKdfs();
    expectSharedAccounts((await importAegis({ bytes: fileBytes(real), password: 'test', kdfs })).entries, SHARED_ACCOUNTS);
    expect(kdfs.calls.scrypt).toBe(1);
  });

  it('refuses a vault with only a biometric slot', async () => {
    const header = (file['header'] as Record<string, unknown>);
    const bio = { ...file, header: { ...header, slots: [{ type: 2, uuid: 'u', key: '00'.repeat(32), key_params: { nonce: '00'.repeat(12), tag: '00'.repeat(16) } }] } };
    await expectCode(importAegis({ bytes: jsonBytes(bio), password: 'test', kdfs: forbiddenKdfs }), 'ERR_IMPORT_INVALID', /no password slot/);
  });

  it('passes the password through as UTF-8 without normalising it', async () => {
    const nfd = 'cafe\u0301';
    const vault = encryptedAegisFile(sharedDb, [{ password: nfd }]);
    await expectCode(importAegis({ bytes: fileBytes(vault), password: nfd.normalize('NFC') }), 'ERR_IMPORT_PASSWORD_WRONG');
    expect((await importAegis({ bytes: fileBytes(vault), password: nfd })).entries).toHaveLength(7);
  });

  it('uses injected KDFs', async () => {
    const kdfs = countingKdfs();
    await importAegis({ bytes: fileBytes(file), password: 'test', kdfs });
    expect(kdfs.calls).toEqual({ scrypt: 1, pbkdf2: 0, argon2id: 0 });
  });
});
