import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectFormat } from './detect.js';
import { MAX_IMPORT_BYTES } from './internal/limits.js';
import { migrationUri, payloadMessage } from './test-support/migration.js';
import { expectCode, onlyCoreErrors, PROPERTY, utf8 } from './test-support/support.js';
import type { ImportFormat } from './types.js';

const json = (value: unknown): Uint8Array => utf8(JSON.stringify(value));

/** The smallest file of each format that carries what formats.md says it must. */
const SAMPLES: readonly [ImportFormat, Uint8Array, string?][] = [
  ['otpauth', utf8('otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP\n')],
  ['otpauth', utf8('# Ente export\n\nOTPAUTH://hotp/x?secret=JBSWY3DP&counter=1')],
  ['google-migration', utf8(migrationUri(payloadMessage([{ secret: new Uint8Array([1, 2, 3]), name: 'a' }])))],
  ['aegis', json({ version: 1, header: { slots: null, params: null }, db: { version: 3, entries: [], groups: [] } })],
  ['aegis', json({ version: 1, header: { slots: [], params: { nonce: '', tag: '' } }, db: 'c2VhbGVk' })],
  ['2fas', json({ services: [], schemaVersion: 4, appVersionCode: 5000000 })],
  ['2fas', json({ services: [], servicesEncrypted: 'a:b:c', reference: 'x', schemaVersion: 4 })],
  ['ente', json({ version: 1, kdfParams: { memLimit: 10240, opsLimit: 1, salt: 'AA==' }, encryptedData: 'AA==', encryptionNonce: 'AA==' })],
  ['andotp', json([{ secret: 'JBSWY3DPEHPK3PXP', issuer: 'A', label: 'b', digits: 6, type: 'TOTP', algorithm: 'SHA1', period: 30, tags: [] }])],
  ['andotp', json([])],
  ['andotp', new Uint8Array([0, 2, 56, 144, 255, 254, 1, 2, 3]), 'otp_accounts.json.aes'],
  ['bitwarden-json', json({ encrypted: false, folders: [], items: [] })],
  ['bitwarden-json', json({ encrypted: true, passwordProtected: true, salt: 'x', kdfType: 0, kdfIterations: 600000, encKeyValidation_DO_NOT_EDIT: '2.x|y|z', data: '2.x|y|z' })],
  ['bitwarden-csv', utf8('folder,favorite,type,name,notes,fields,login_uri,login_username,login_password,login_totp\r\n')],
  ['proton', json({ version: 1, entries: [] })],
  ['proton', json({ version: 1, salt: 'AAAA', content: 'AAAA' })],
  ['authenticator-pro', json({ Authenticators: [], Categories: [], AuthenticatorCategories: [], CustomIcons: [] })],
  ['authenticator-pro', new Uint8Array([...utf8('AUTHENTICATORPRO'), 0xff, 0xfe, 1, 2])],
  ['authenticator-pro', new Uint8Array([...utf8('AuthenticatorPro'), 0xff, 0xfe, 1, 2])],
  ['freeotp-plus', json({ tokenOrder: [], tokens: [] })],
  ['lastpass', json({ deviceId: 'd', version: 3, accounts: [], folders: [] })],
  ['steam-mafile', json({ shared_secret: 'AAAA', account_name: 'x' })],
];

describe('detectFormat', () => {
  it.each(SAMPLES.map(([format, bytes, name], i) => [`${format} #${i}`, format, bytes, name] as const))('%s', (_, format, bytes, name) => {
    expect(detectFormat(name === undefined ? { bytes } : { bytes, name })).toBe(format);
  });

  it('ignores a byte-order mark', () => {
    expect(detectFormat({ bytes: utf8('\uFEFF{"tokens":[]}') })).toBe('freeotp-plus');
  });

  it('says ERR_IMPORT_FORMAT_UNKNOWN for anything else', () => {
    for (const bytes of [utf8(''), utf8('hello'), json({ a: 1 }), json([1, 2]), json('text'), json(null), new Uint8Array([0xff, 0xfe, 0x00]), utf8('name,login_uri\nx,y')]) {
      expectCode(() => detectFormat({ bytes }), 'ERR_IMPORT_FORMAT_UNKNOWN');
    }
    expectCode(() => detectFormat({ bytes: new Uint8Array([0xff, 0xfe]), name: 'backup.json' }), 'ERR_IMPORT_FORMAT_UNKNOWN');
  });

  it('refuses broken or hostile JSON and oversized files with their own codes', () => {
    expectCode(() => detectFormat({ bytes: utf8('{"db":') }), 'ERR_IMPORT_INVALID');
    expectCode(() => detectFormat({ bytes: utf8('['.repeat(100_000)) }), 'ERR_IMPORT_INVALID');
    expectCode(() => detectFormat({ bytes: utf8('{"__proto__":{"tokens":[]}}') }), 'ERR_IMPORT_INVALID');
    expectCode(() => detectFormat({ bytes: new Uint8Array(MAX_IMPORT_BYTES + 1) }), 'ERR_IMPORT_TOO_LARGE');
  });

  it('only ever throws CoreError for random bytes and random JSON', { timeout: PROPERTY.timeout }, () => {
    const codes = ['ERR_IMPORT_FORMAT_UNKNOWN', 'ERR_IMPORT_INVALID'] as const;
    const runs = PROPERTY.runs(500, 20_000);
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), fc.option(fc.string({ maxLength: 12 }), { nil: undefined }), (bytes, name) => {
      onlyCoreErrors(() => detectFormat(name === undefined ? { bytes } : { bytes, name }), codes);
    }), { numRuns: runs });
    fc.assert(fc.property(fc.json(), (text) => {
      onlyCoreErrors(() => detectFormat({ bytes: utf8(text) }), codes);
    }), { numRuns: runs });
  });
});
