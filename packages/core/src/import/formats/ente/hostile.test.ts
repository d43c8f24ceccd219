import fc from 'fast-check';
import { describe, it } from 'vitest';
import { SHARED_ACCOUNTS } from '../internal/test-support/accounts.js';
import { arbMutations, mutate } from '../../test-support/mutate.js';
import { arbHostileJson, expectCode, expectTypedOutcome, forbiddenKdfs, jsonBytes, runs, utf8 } from '../internal/test-support/hostile.js';
import { importEnte } from './import.js';
import { enteText } from './test-support/ente-text.js';
import { encryptedEnte } from './test-support/write-ente.js';

const CODES = ['ERR_IMPORT_INVALID', 'ERR_IMPORT_PASSWORD_WRONG', 'ERR_IMPORT_PASSWORD_REQUIRED', 'ERR_IMPORT_TOO_LARGE'] as const;
const file = encryptedEnte(enteText(SHARED_ACCOUNTS.slice(0, 2)), 'pw');
const kdfParams = file['kdfParams'] as Record<string, unknown>;

describe('Ente Auth: hostile files', () => {
  it.each([
    ['2 GiB of memory', { memLimit: 2 * 1024 ** 3 }],
    ['under 8 KiB of memory', { memLimit: 4096 }],
    ['0 passes', { opsLimit: 0 }],
    ['2^32 passes', { opsLimit: 2 ** 32 }],
    ['1 GiB × 5 passes', { memLimit: 1024 ** 3, opsLimit: 5 }],
    ['256 MiB × 17 passes', { memLimit: 256 * 1024 ** 2, opsLimit: 17 }],
    ['negative memory', { memLimit: -1 }],
    ['fractional passes', { opsLimit: 1.5 }],
  ])('refuses Argon2id with %s before deriving anything', async (_, change) => {
    const bytes = jsonBytes({ ...file, kdfParams: { ...kdfParams, ...change } });
    await expectCode(importEnte({ bytes, password: 'pw', kdfs: forbiddenKdfs }), 'ERR_IMPORT_INVALID', /out of range|whole number/);
  });

  it('accepts the parameters Ente writes (1 GiB × 4, 256 MiB × 16) up to the derivation', async () => {
    for (const [memLimit, opsLimit] of [[1024 ** 3, 4], [256 * 1024 ** 2, 16]] as const) {
      const bytes = jsonBytes({ ...file, kdfParams: { ...kdfParams, memLimit, opsLimit } });
      const kdfs = { ...forbiddenKdfs, argon2id: () => Promise.resolve(new Uint8Array(32)) };
      await expectCode(importEnte({ bytes, password: 'pw', kdfs }), 'ERR_IMPORT_PASSWORD_WRONG');
    }
  });

  it('refuses wrong salt, header and data lengths before deriving anything', async () => {
    const changes = [
      { kdfParams: { ...kdfParams, salt: Buffer.alloc(15).toString('base64') } },
      { encryptionNonce: Buffer.alloc(12).toString('base64') },
      { encryptedData: Buffer.alloc(16).toString('base64') },
      { encryptedData: '%%%' },
    ];
    for (const change of changes) {
      await expectCode(importEnte({ bytes: jsonBytes({ ...file, ...change }), password: 'pw', kdfs: forbiddenKdfs }), 'ERR_IMPORT_INVALID');
    }
  });

  it('a truncated or altered message is a wrong password; a push or rekey tag is refused', async () => {
    const data = Buffer.from(file['encryptedData'] as string, 'base64');
    const truncated = { ...file, encryptedData: data.subarray(0, data.length - 1).toString('base64') };
    await expectCode(importEnte({ bytes: jsonBytes(truncated), password: 'pw' }), 'ERR_IMPORT_PASSWORD_WRONG');
    const text = enteText(SHARED_ACCOUNTS.slice(0, 1));
    await expectCode(importEnte({ bytes: jsonBytes(encryptedEnte(text, 'pw', 1)), password: 'pw' }), 'ERR_IMPORT_INVALID', /tag 1/);
    await expectCode(importEnte({ bytes: jsonBytes(encryptedEnte(text, 'pw', 2)), password: 'pw' }), 'ERR_IMPORT_INVALID', /tag 2/);
  });

  it('refuses __proto__ keys and deep nesting', async () => {
    await expectCode(importEnte({ bytes: utf8('{"version":1,"__proto__":{"kdfParams":{}}}'), password: 'pw' }), 'ERR_IMPORT_INVALID', /__proto__/);
    await expectCode(importEnte({ bytes: utf8(`{"version":1,"kdfParams":${'['.repeat(100_000)}`), password: 'pw' }), 'ERR_IMPORT_INVALID');
  });

  it('property: mutated exports give a result or a typed error', async () => {
    const bytes = jsonBytes(file);
    const kdfs = { ...forbiddenKdfs, argon2id: () => Promise.resolve(new Uint8Array(32)) };
    await fc.assert(
      fc.asyncProperty(arbMutations(), async (mutations) => {
        await expectTypedOutcome(() => importEnte({ bytes: mutate(bytes, mutations), password: 'pw', kdfs }), CODES);
      }),
      { numRuns: runs(60, 2_000) },
    );
  });

  it('property: arbitrary JSON as the file or its KDF parameters gives a typed outcome', async () => {
    const kdfs = { ...forbiddenKdfs, argon2id: () => Promise.resolve(new Uint8Array(32)) };
    await fc.assert(
      fc.asyncProperty(arbHostileJson, async (value) => {
        await expectTypedOutcome(() => importEnte({ bytes: jsonBytes(value), password: 'pw', kdfs }), CODES);
        await expectTypedOutcome(() => importEnte({ bytes: jsonBytes({ ...file, kdfParams: value }), password: 'pw', kdfs }), CODES);
        await expectTypedOutcome(() => importEnte({ bytes: jsonBytes({ ...file, kdfParams: { ...kdfParams, memLimit: value } }), password: 'pw', kdfs }), CODES);
      }),
      { numRuns: runs(100, 3_000) },
    );
  });
});
