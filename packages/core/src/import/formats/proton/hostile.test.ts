import fc from 'fast-check';
import { describe, it } from 'vitest';
import { SHARED_TIME_BASED } from '../internal/test-support/accounts.js';
import { arbMutations, mutate } from '../../test-support/mutate.js';
import { arbHostileJson, expectCode, expectTypedOutcome, forbiddenKdfs, jsonBytes, runs, utf8 } from '../internal/test-support/hostile.js';
import { importProton } from './import.js';
import { encryptedProton, plainProton, protonEntry } from './test-support/write-proton.js';

const CODES = ['ERR_IMPORT_INVALID', 'ERR_IMPORT_PASSWORD_WRONG', 'ERR_IMPORT_PASSWORD_REQUIRED', 'ERR_IMPORT_TOO_LARGE'] as const;
const entries = SHARED_TIME_BASED.slice(0, 2).map((a) => protonEntry(a));
const encrypted = encryptedProton(entries, 'pw');
// The KDF is Proton's fixed one; a fast stand-in keeps property runs quick (the tag still decides).
const fastKdfs = { ...forbiddenKdfs, argon2id: () => Promise.resolve(new Uint8Array(32)) };

describe('Proton: hostile files', () => {
  it('refuses malformed salts and content before deriving anything', async () => {
    for (const change of [{ salt: 'AAAA' }, { salt: Buffer.alloc(100).toString('base64') }, { content: 'AAAA' }, { content: '!!' }, { salt: 7 }]) {
      await expectCode(importProton({ bytes: jsonBytes({ ...encrypted, ...change }), password: 'pw', kdfs: forbiddenKdfs }), 'ERR_IMPORT_INVALID');
    }
  });

  it('a truncated or altered ciphertext is a wrong password (GCM cannot tell them apart)', async () => {
    const content = Buffer.from(encrypted['content'] as string, 'base64');
    const truncated = { ...encrypted, content: content.subarray(0, content.length - 5).toString('base64') };
    await expectCode(importProton({ bytes: jsonBytes(truncated), password: 'pw' }), 'ERR_IMPORT_PASSWORD_WRONG');
  });

  it('refuses __proto__ keys and deep nesting', async () => {
    await expectCode(importProton({ bytes: utf8('{"version":1,"entries":[],"__proto__":{}}') }), 'ERR_IMPORT_INVALID', /__proto__/);
    await expectCode(importProton({ bytes: utf8(`{"version":1,"entries":${'['.repeat(70)}${']'.repeat(70)}}`) }), 'ERR_IMPORT_INVALID');
  });

  it('property: mutated plain and protected exports give a result or a typed error', async () => {
    const files = [jsonBytes(plainProton(entries)), jsonBytes(encrypted)];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(0, 1), arbMutations(), async (which, mutations) => {
        await expectTypedOutcome(() => importProton({ bytes: mutate(files[which]!, mutations), password: 'pw', kdfs: fastKdfs }), CODES);
      }),
      { numRuns: runs(60, 2_000) },
    );
  });

  it('property: arbitrary JSON as the file, an entry or its content gives a typed outcome', async () => {
    await fc.assert(
      fc.asyncProperty(arbHostileJson, async (value) => {
        await expectTypedOutcome(() => importProton({ bytes: jsonBytes(value), password: 'pw', kdfs: fastKdfs }), CODES);
        const hostile = [value, { id: 'x', content: value }, { id: 'y', content: { entry_type: 'Steam', uri: value, name: value } }];
        await expectTypedOutcome(() => importProton({ bytes: jsonBytes(plainProton(hostile)) }), CODES);
      }),
      { numRuns: runs(100, 3_000) },
    );
  });
});
