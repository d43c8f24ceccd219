import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbMutations, mutate } from '../../test-support/mutate.js';
import { expectCode, onlyCoreErrors, PROPERTY, utf8 } from '../../test-support/support.js';
import { bitwardenCsvImporter, parseBitwardenCsv } from './csv.js';
import { parseBitwardenJson } from './json.js';

/** A Bitwarden password-manager JSON export as formats.md §6.2 describes it. */
function bitwardenJson(items: readonly Record<string, unknown>[], folders: readonly { id: string; name: string }[] = []): Uint8Array {
  const full = items.map((item, i) => ({
    id: `id-${i}`,
    organizationId: null,
    folderId: null,
    type: 1,
    reprompt: 0,
    notes: null,
    favorite: false,
    collectionIds: null,
    ...item,
    login: { uris: [], username: null, password: 'hunter2', fido2Credentials: [], ...(item['login'] as object | undefined) },
  }));
  return utf8(JSON.stringify({ encrypted: false, folders, items: full }, null, 2));
}

const SAMPLE = bitwardenJson(
  [
    { name: 'GitHub', login: { username: 'alice', totp: 'otpauth://totp/GitHub:alice%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=GitHub&digits=8' }, favorite: true, folderId: 'f1', notes: 'backup codes in the safe' },
    { name: 'Mail', login: { username: 'bob@mail.test', password: 'x' } },
    { name: 'Steam', login: { username: 'gamer', totp: 'steam://KNKVARKSKNCUGUSFKRFUKWJR' } },
    { name: 'Bare', login: { username: 'carol', totp: 'knkv arks kncu gusf krfu kwjr' } },
    { name: 'No user', login: { totp: 'KNKVARKSKNCUGUSFKRFUKWJQ' } },
    { name: 'Broken', login: { username: 'dave', totp: 'otpauth://totp/x?secret=!!' } },
    { type: 2, name: 'A secure note', secureNote: { type: 0 } },
    { name: 42, login: { username: 'erin', totp: 'KNKVARKSKNCUGUSF' } },
  ],
  [{ id: 'f1', name: 'Dev' }],
);

describe('Bitwarden JSON export', () => {
  it('imports every item with a TOTP in order, keeping notes, favourite and folder', () => {
    const parsed = parseBitwardenJson(SAMPLE);
    expect(parsed.format).toBe('bitwarden-json');
    expect(parsed.entries.map((e) => [e.index, e.name, e.ok ? 'ok' : e.code])).toEqual([
      [1, 'GitHub (alice)', 'ok'],
      [3, 'Steam (gamer)', 'ok'],
      [4, 'Bare (carol)', 'ok'],
      [5, 'No user', 'ok'],
      [6, 'Broken (dave)', 'ERR_SECRET_INVALID'],
      [8, 'erin', 'ERR_IMPORT_ENTRY_INVALID'],
    ]);
    const [github, steam, bare, noUser] = parsed.entries.map((e) => (e.ok ? e.account : undefined));
    expect(github).toEqual({
      issuer: 'GitHub',
      label: 'alice@example.com',
      otp: { type: 'totp', secret: 'JBSWY3DPEHPK3PXP', algorithm: 'SHA1', digits: 8, period: 30 },
      note: 'backup codes in the safe',
      favourite: true,
      groups: ['Dev'],
    });
    expect(steam).toEqual({ issuer: 'Steam', label: 'gamer', otp: { type: 'steam', secret: 'KNKVARKSKNCUGUSFKRFUKWJR', period: 30 } });
    expect(bare).toEqual({ issuer: 'Bare', label: 'carol', otp: { type: 'totp', secret: 'KNKVARKSKNCUGUSFKRFUKWJR', algorithm: 'SHA1', digits: 6, period: 30 } });
    expect(noUser).toMatchObject({ issuer: 'No user', label: 'No user' });
    expect(parsed.entries[5]).toMatchObject({ reason: 'items[7].name must be text.' });
    expect(parsed.warnings).toEqual(['2 items have no TOTP secret (plain logins, notes, cards) and were not imported.']);
  });

  it('reads the Bitwarden Authenticator app export', () => {
    const app = utf8(JSON.stringify({ encrypted: false, items: [{ id: 'u', name: 'Issuer', folderId: null, organizationId: null, collectionIds: null, notes: null, type: 1, login: { totp: 'otpauth://totp/Issuer:me?secret=JBSWY3DPEHPK3PXP&issuer=Issuer' }, favorite: false }] }));
    expect(parseBitwardenJson(app).entries[0]).toMatchObject({ ok: true, account: { issuer: 'Issuer', label: 'me' } });
  });

  it('refuses encrypted exports and anything that is not an export', () => {
    expectCode(() => parseBitwardenJson(utf8('{"encrypted":true,"passwordProtected":true,"salt":"x","data":"2.x|y|z"}')), 'ERR_IMPORT_INVALID');
    for (const text of ['[]', '{}', '{"items":{}}', '{"items":[],"folders":[{"id":1}]}', '{"items":[{"__proto__":{}}]}', '['.repeat(100)]) {
      expectCode(() => parseBitwardenJson(utf8(text)), 'ERR_IMPORT_INVALID');
    }
  });

  it('only ever throws ERR_IMPORT_INVALID for random JSON and mutated exports', { timeout: PROPERTY.timeout }, () => {
    const runs = PROPERTY.runs(300, 10_000);
    fc.assert(fc.property(fc.json(), (text) => {
      onlyCoreErrors(() => parseBitwardenJson(utf8(text)), ['ERR_IMPORT_INVALID']);
    }), { numRuns: runs });
    fc.assert(fc.property(arbMutations(), (mutations) => {
      onlyCoreErrors(() => parseBitwardenJson(mutate(SAMPLE, mutations)), ['ERR_IMPORT_INVALID']);
    }), { numRuns: runs });
  });
});

const CSV = [
  'folder,favorite,type,name,notes,fields,login_uri,login_username,login_password,login_totp',
  'Dev,1,login,GitHub,"line one\nline two, with comma",,https://github.com,alice,pw,otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub',
  ',,login,Mail,,,https://mail.test,bob,pw,',
  ',,login,"Steam ""main""",,,,gamer,pw,steam://KNKVARKSKNCUGUSFKRFUKWJR',
  ',,login,Short,,,,x,pw',
  ',,login,Bare,,,,carol,pw,KNKVARKSKNCUGUSFKRFUKWJR',
].join('\r\n');

describe('Bitwarden CSV export', () => {
  it('imports rows with a TOTP in order, RFC 4180 quoting and all', () => {
    const parsed = parseBitwardenCsv(CSV);
    expect(parsed.entries.map((e) => [e.index, e.name, e.ok])).toEqual([
      [2, 'GitHub (alice)', true],
      [5, 'Steam "main" (gamer)', true],
      [7, 'Bare (carol)', true],
    ]);
    expect(parsed.entries[0]).toMatchObject({ account: { note: 'line one\nline two, with comma', favourite: true, groups: ['Dev'] } });
    expect(parsed.entries[1]).toMatchObject({ account: { issuer: 'Steam "main"', otp: { type: 'steam' } } });
    expect(parsed.warnings).toEqual(['2 items have no TOTP secret (plain logins, notes, cards) and were not imported.']);
  });

  it('refuses a row whose field count differs from the header, importing the others', () => {
    const text = `name,login_username,login_totp\nA,a,JBSWY3DPEHPK3PXP,extra\nB,b,JBSWY3DPEHPK3PXQ`;
    const entries = parseBitwardenCsv(text).entries;
    expect(entries.map((e) => (e.ok ? 'ok' : e.code))).toEqual(['ERR_IMPORT_ENTRY_INVALID', 'ok']);
  });

  it('refuses a file without the columns it needs or with an unterminated quote', () => {
    expectCode(() => parseBitwardenCsv(''), 'ERR_IMPORT_INVALID');
    expectCode(() => parseBitwardenCsv('name,login_uri\nx,y'), 'ERR_IMPORT_INVALID');
    expectCode(() => parseBitwardenCsv('name,login_totp\n"x,JBSWY3DP'), 'ERR_IMPORT_INVALID');
  });

  it('only ever throws ERR_IMPORT_INVALID for mutated exports and random bytes', { timeout: PROPERTY.timeout }, () => {
    const runs = PROPERTY.runs(300, 10_000);
    fc.assert(fc.property(arbMutations(), (mutations) => {
      onlyCoreErrors(() => bitwardenCsvImporter.parse({ bytes: mutate(utf8(CSV), mutations) }), ['ERR_IMPORT_INVALID']);
    }), { numRuns: runs });
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
      onlyCoreErrors(() => bitwardenCsvImporter.parse({ bytes }), ['ERR_IMPORT_INVALID']);
    }), { numRuns: runs });
  });
});
