import fc from 'fast-check';
import { describe, it } from 'vitest';
import { SHARED_ACCOUNTS } from '../internal/test-support/accounts.js';
import { arbMutations, mutate } from '../../test-support/mutate.js';
import { arbHostileJson, expectCode, expectTypedOutcome, forbiddenKdfs, jsonBytes, runs, utf8 } from '../internal/test-support/hostile.js';
import { importAuthenticatorPro } from './import.js';
import { authenticator, backupOf, encryptLegacy } from './test-support/write-authenticator-pro.js';

const CODES = ['ERR_IMPORT_INVALID', 'ERR_IMPORT_PASSWORD_WRONG', 'ERR_IMPORT_PASSWORD_REQUIRED', 'ERR_IMPORT_TOO_LARGE'] as const;
const document = backupOf(SHARED_ACCOUNTS.slice(0, 2).map((a, i) => authenticator(a, i)));
// The KDFs are the app's fixed ones; fast stand-ins keep property runs quick (tag and padding still decide).
const fastKdfs = { ...forbiddenKdfs, pbkdf2: () => Promise.resolve(new Uint8Array(32)), argon2id: () => Promise.resolve(new Uint8Array(32)) };

describe('Authenticator Pro: hostile files', () => {
  it('refuses encrypted files too short for their layout before deriving anything', async () => {
    const strong = utf8(`AUTHENTICATORPRO${'x'.repeat(40)}`);
    await expectCode(importAuthenticatorPro({ bytes: strong, password: 'pw', kdfs: forbiddenKdfs }), 'ERR_IMPORT_INVALID', /too short/);
    const legacy = utf8(`AuthenticatorPro${'x'.repeat(36 + 15)}`);
    await expectCode(importAuthenticatorPro({ bytes: legacy, password: 'pw', kdfs: forbiddenKdfs }), 'ERR_IMPORT_INVALID', /whole AES blocks/);
  });

  it('a damaged legacy file is a wrong password (it has no tag)', async () => {
    const bytes = Uint8Array.from(encryptLegacy(document, 'pw'));
    bytes[bytes.length - 20]! ^= 0x80;
    await expectCode(importAuthenticatorPro({ bytes, password: 'pw' }), 'ERR_IMPORT_PASSWORD_WRONG');
  });

  it('refuses __proto__ keys and deep nesting in plain and decrypted documents', async () => {
    await expectCode(importAuthenticatorPro({ bytes: utf8('{"Authenticators":[],"__proto__":{}}') }), 'ERR_IMPORT_INVALID', /__proto__/);
    const hostile = JSON.parse('{"Authenticators":[{"constructor":1}]}') as unknown;
    await expectCode(importAuthenticatorPro({ bytes: encryptLegacy(hostile, 'pw'), password: 'pw' }), 'ERR_IMPORT_INVALID', /constructor/);
  });

  it('property: mutated plain and legacy backups give a result or a typed error', async () => {
    const files = [jsonBytes(document), encryptLegacy(document, 'pw')];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(0, 1), arbMutations(), async (which, mutations) => {
        await expectTypedOutcome(() => importAuthenticatorPro({ bytes: mutate(files[which]!, mutations), password: 'pw', kdfs: fastKdfs }), CODES);
      }),
      { numRuns: runs(60, 2_000) },
    );
  });

  it('property: random bytes behind either header, and arbitrary JSON, give a typed outcome', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('AUTHENTICATORPRO', 'AuthenticatorPro', ''), fc.uint8Array({ maxLength: 120 }), arbHostileJson, async (header, body, value) => {
        const bytes = Uint8Array.from([...utf8(header), ...body]);
        await expectTypedOutcome(() => importAuthenticatorPro({ bytes, password: 'pw', kdfs: fastKdfs }), CODES);
        const backup = backupOf([value, { ...authenticator(SHARED_ACCOUNTS[0]!, 0), Icon: value, Type: value }], { Categories: value, CustomIcons: [value] });
        await expectTypedOutcome(() => importAuthenticatorPro({ bytes: jsonBytes(backup) }), CODES);
      }),
      { numRuns: runs(100, 3_000) },
    );
  });
});
