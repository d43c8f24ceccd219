import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codeFor } from '../../../otp/code-for.js';
import { SPEC_ACCOUNTS } from '../../test-support/accounts.js';
import { arbMutations, mutate } from '../../test-support/mutate.js';
import { expectCode, onlyCoreErrors, PROPERTY, utf8 } from '../../test-support/support.js';
import { parseLastPass } from './import.js';

const TOTPS = SPEC_ACCOUNTS.filter((a) => a.type === 'totp');

/** A LastPass Authenticator account as formats.md §6.8 lists its fields. */
function account(i: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const a = TOTPS[i % TOTPS.length]!;
  return {
    accountID: `id-${i}`,
    issuerName: a.issuer,
    originalIssuerName: a.issuer,
    userName: a.label,
    originalUserName: a.label,
    pushNotification: false,
    secret: a.secret,
    timeStep: a.period,
    digits: a.digits,
    creationTimestamp: 1_600_000_000_000,
    isFavorite: false,
    algorithm: a.algorithm,
    ...extra,
  };
}

function exportOf(accounts: readonly unknown[], folders: readonly unknown[] = []): Uint8Array {
  return utf8(JSON.stringify({ deviceId: 'd', deviceSecret: 's', localDeviceId: 'l', deviceName: 'phone', version: 3, accounts, folders }));
}

describe('LastPass Authenticator JSON export', () => {
  it('imports TOTP accounts whose codes match formats.md §1', () => {
    const parsed = parseLastPass(exportOf(TOTPS.map((_, i) => account(i))));
    expect(parsed.entries.map((e) => e.name)).toEqual(TOTPS.map((a) => `${a.issuer} (${a.label})`));
    parsed.entries.forEach((entry, i) => {
      if (!entry.ok) throw new Error(entry.reason);
      expect(codeFor(entry.account.otp, TOTPS[i]!.check[0]).code).toBe(TOTPS[i]!.check[1]);
    });
  });

  it('uses the names shown, falls back to the originals, and keeps favourites and folders', () => {
    const folders = [{ id: 1, name: 'Work', isOpened: true }, { id: 0, name: 'Favorites', isOpened: false }];
    const parsed = parseLastPass(exportOf([
      account(0, { issuerName: 'Renamed', isFavorite: true, folderData: { folderId: 1, position: 0 } }),
      account(1, { issuerName: '', userName: '', folderData: { folderId: '0', position: 0 } }),
    ], folders));
    expect(parsed.entries[0]).toMatchObject({ ok: true, account: { issuer: 'Renamed', label: 'Mason', favourite: true, groups: ['Work'] } });
    expect(parsed.entries[1]).toMatchObject({ ok: true, account: { issuer: 'SPDX', label: 'James', groups: ['Favorites'] } });
  });

  it('orders accounts folder by folder, by position, the rest after in file order', () => {
    const folders = [{ id: 2, name: 'B' }, { id: 1, name: 'A' }];
    const accounts = [
      account(0, { issuerName: 'loose-1' }),
      account(1, { issuerName: 'a-second', folderData: { folderId: 1, position: 1 } }),
      account(2, { issuerName: 'b-only', folderData: { folderId: 2, position: 0 } }),
      account(0, { issuerName: 'a-first', folderData: { folderId: 1, position: 0 } }),
      account(1, { issuerName: 'loose-2', folderData: { folderId: 9, position: 0 } }),
    ];
    const parsed = parseLastPass(exportOf(accounts, folders));
    expect(parsed.entries.map((e) => [e.index, e.ok && e.account.issuer])).toEqual([[3, 'b-only'], [4, 'a-first'], [2, 'a-second'], [1, 'loose-1'], [5, 'loose-2']]);
  });

  it('reports broken accounts and imports the rest', () => {
    const parsed = parseLastPass(exportOf([account(0), account(1, { secret: 5 }), account(2, { timeStep: 0 }), account(0, { algorithm: 'MD5' }), 'junk']));
    expect(parsed.entries.map((e) => (e.ok ? 'ok' : e.code))).toEqual(['ok', 'ERR_IMPORT_ENTRY_INVALID', 'ERR_OTP_PARAMS_INVALID', 'ERR_OTP_PARAMS_INVALID', 'ERR_IMPORT_ENTRY_INVALID']);
    expect(parsed.entries[4]?.name).toBe('account 5');
  });

  it('refuses files that are not a LastPass export', () => {
    for (const text of ['[]', '{}', '{"accounts":{}}', '{"accounts":[],"folders":[{"id":true}]}', '{"accounts":[{"__proto__":1}]}']) {
      expectCode(() => parseLastPass(utf8(text)), 'ERR_IMPORT_INVALID');
    }
  });

  it('only ever throws ERR_IMPORT_INVALID for random JSON and mutated exports', { timeout: PROPERTY.timeout }, () => {
    const sample = exportOf([account(0, { folderData: { folderId: 1, position: 2 } }), account(1)], [{ id: 1, name: 'F' }]);
    const runs = PROPERTY.runs(300, 10_000);
    fc.assert(fc.property(arbMutations(), (mutations) => {
      onlyCoreErrors(() => parseLastPass(mutate(sample, mutations)), ['ERR_IMPORT_INVALID']);
    }), { numRuns: runs });
    fc.assert(fc.property(fc.json(), (text) => {
      onlyCoreErrors(() => parseLastPass(utf8(text)), ['ERR_IMPORT_INVALID']);
    }), { numRuns: runs });
  });
});
