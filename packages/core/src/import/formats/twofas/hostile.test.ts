import fc from 'fast-check';
import { describe, it } from 'vitest';
import { SHARED_ACCOUNTS } from '../internal/test-support/accounts.js';
import { arbMutations, mutate } from '../../test-support/mutate.js';
import { arbHostileJson, expectCode, expectTypedOutcome, forbiddenKdfs, jsonBytes, runs, utf8 } from '../internal/test-support/hostile.js';
import { importTwoFas } from './import.js';
import { encryptedTwoFas, plainTwoFas, twoFasService } from './test-support/write-twofas.js';

const CODES = ['ERR_IMPORT_INVALID', 'ERR_IMPORT_PASSWORD_WRONG', 'ERR_IMPORT_PASSWORD_REQUIRED', 'ERR_IMPORT_TOO_LARGE'] as const;
const services = SHARED_ACCOUNTS.slice(0, 2).map((a, i) => twoFasService(a, i));
const encrypted = encryptedTwoFas(services, 'pw');

describe('2FAS: hostile files', () => {
  it.each([
    ['two fields', 'AAAA:AAAA'],
    ['a 13-byte IV', `${'A'.repeat(24)}:AAAA:${Buffer.alloc(13).toString('base64')}`],
    ['an empty salt', `${'A'.repeat(24)}::${Buffer.alloc(12).toString('base64')}`],
    ['a huge salt', `${'A'.repeat(24)}:${Buffer.alloc(2048).toString('base64')}:${Buffer.alloc(12).toString('base64')}`],
    ['no tag', `AAAA:AAAA:${Buffer.alloc(12).toString('base64')}`],
    ['non-base64', `!!!!:AAAA:${Buffer.alloc(12).toString('base64')}`],
  ])('refuses a reference with %s before deriving anything', async (_, reference) => {
    await expectCode(importTwoFas({ bytes: jsonBytes({ ...encrypted, reference }), password: 'pw', kdfs: forbiddenKdfs }), 'ERR_IMPORT_INVALID');
  });

  it('refuses a reference without encrypted services, and truncated ciphertext behind a good reference', async () => {
    await expectCode(importTwoFas({ bytes: jsonBytes({ ...plainTwoFas(services), reference: encrypted['reference'] }) }), 'ERR_IMPORT_INVALID');
    const [sealed, salt, iv] = (encrypted['servicesEncrypted'] as string).split(':') as [string, string, string];
    const truncated = `${Buffer.from(sealed, 'base64').subarray(0, 30).toString('base64')}:${salt}:${iv}`;
    await expectCode(importTwoFas({ bytes: jsonBytes({ ...encrypted, servicesEncrypted: truncated }), password: 'pw' }), 'ERR_IMPORT_INVALID', /damaged/);
  });

  it('refuses __proto__ keys, deep nesting and services that are not a list', async () => {
    await expectCode(importTwoFas({ bytes: utf8('{"schemaVersion":4,"services":[{"__proto__":{"secret":"x"}}]}') }), 'ERR_IMPORT_INVALID', /__proto__/);
    await expectCode(importTwoFas({ bytes: utf8(`{"schemaVersion":4,"services":${'['.repeat(10_000)}}`) }), 'ERR_IMPORT_INVALID');
    await expectCode(importTwoFas({ bytes: jsonBytes({ ...plainTwoFas([]), services: {} }) }), 'ERR_IMPORT_INVALID');
  });

  it('property: mutated plain and encrypted backups give a result or a typed error', async () => {
    const plain = jsonBytes(plainTwoFas(services));
    const sealed = jsonBytes(encrypted);
    await fc.assert(
      fc.asyncProperty(fc.boolean(), arbMutations(), async (usePlain, mutations) => {
        await expectTypedOutcome(() => importTwoFas({ bytes: mutate(usePlain ? plain : sealed, mutations), password: 'pw' }), CODES);
      }),
      { numRuns: runs(30, 1_000) },
    );
  });

  it('property: arbitrary JSON as the file, a service or a group gives a typed outcome', async () => {
    await fc.assert(
      fc.asyncProperty(arbHostileJson, async (value) => {
        await expectTypedOutcome(() => importTwoFas({ bytes: jsonBytes(value) }), CODES);
        await expectTypedOutcome(() => importTwoFas({ bytes: jsonBytes(plainTwoFas([value, { ...services[0], otp: value, order: value }], [value])) }), CODES);
      }),
      { numRuns: runs(100, 3_000) },
    );
  });
});
