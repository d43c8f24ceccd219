import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SHARED_ACCOUNTS } from '../internal/test-support/accounts.js';
import { arbMutations, mutate } from '../../test-support/mutate.js';
import { arbHostileJson, expectCode, expectTypedOutcome, forbiddenKdfs, jsonBytes, runs, utf8 } from '../internal/test-support/hostile.js';
import { importAegis } from './import.js';
import { aegisDb, aegisEntry, encryptedAegisFile, fileBytes, plainAegisFile } from './test-support/write-aegis.js';

const CODES = ['ERR_IMPORT_INVALID', 'ERR_IMPORT_PASSWORD_WRONG', 'ERR_IMPORT_PASSWORD_REQUIRED', 'ERR_IMPORT_TOO_LARGE'] as const;
const db = aegisDb(SHARED_ACCOUNTS.slice(0, 2).map((a) => aegisEntry(a)));
const encrypted = encryptedAegisFile(db, [{ password: 'pw', n: 16 }]);
type Slot = Record<string, unknown>;

function withSlot(change: (slot: Slot) => Slot): Uint8Array {
  const header = encrypted['header'] as { slots: Slot[]; params: unknown };
  return jsonBytes({ ...encrypted, header: { ...header, slots: header.slots.map(change) } });
}

describe('Aegis: hostile files', () => {
  it.each([
    ['N = 2^30', { n: 2 ** 30 }],
    ['N not a power of two', { n: 1000 }],
    ['N = 0', { n: 0 }],
    ['r = 10^6', { r: 1_000_000 }],
    ['p = 2^20', { p: 2 ** 20 }],
    ['N·r over 1 GiB', { n: 2 ** 20, r: 16 }],
    ['negative r', { r: -8 }],
  ])('refuses scrypt %s before deriving anything', async (_, params) => {
    const bytes = withSlot((slot) => ({ ...slot, ...params }));
    await expectCode(importAegis({ bytes, password: 'pw', kdfs: forbiddenKdfs }), 'ERR_IMPORT_INVALID', /out of range|whole number/);
  });

  it('refuses a slot with fractional or textual parameters', async () => {
    await expectCode(importAegis({ bytes: withSlot((s) => ({ ...s, n: '16' })), password: 'pw', kdfs: forbiddenKdfs }), 'ERR_IMPORT_INVALID');
    await expectCode(importAegis({ bytes: withSlot((s) => ({ ...s, r: 8.5 })), password: 'pw', kdfs: forbiddenKdfs }), 'ERR_IMPORT_INVALID');
  });

  it('refuses dozens of password slots before deriving anything', async () => {
    const header = encrypted['header'] as { slots: Slot[] };
    const many = { ...encrypted, header: { ...header, slots: Array.from({ length: 50 }, () => header.slots[0]) } };
    await expectCode(importAegis({ bytes: jsonBytes(many), password: 'pw', kdfs: forbiddenKdfs }), 'ERR_IMPORT_INVALID', /password slots/);
  });

  it('a damaged slot is a wrong password; a damaged db behind a good slot is a damaged file', async () => {
    const badSlotTag = withSlot((s) => ({ ...s, key_params: { ...(s['key_params'] as Slot), tag: '00'.repeat(16) } }));
    await expectCode(importAegis({ bytes: badSlotTag, password: 'pw' }), 'ERR_IMPORT_PASSWORD_WRONG');
    const header = encrypted['header'] as { params: { nonce: string; tag: string } };
    const badTag = { ...encrypted, header: { ...header, params: { ...header.params, tag: 'ff'.repeat(16) } } };
    await expectCode(importAegis({ bytes: jsonBytes(badTag), password: 'pw' }), 'ERR_IMPORT_INVALID', /damaged/);
    const truncated = { ...encrypted, db: (encrypted['db'] as string).slice(0, 40) };
    await expectCode(importAegis({ bytes: jsonBytes(truncated), password: 'pw' }), 'ERR_IMPORT_INVALID', /damaged/);
    await expectCode(importAegis({ bytes: jsonBytes({ ...encrypted, db: 'not base64!' }), password: 'pw' }), 'ERR_IMPORT_INVALID', /base64/);
  });

  it('refuses mixed headers, non-JSON, non-UTF-8 and oversized files', async () => {
    const mixed = jsonBytes({ version: 1, header: { slots: null, params: { nonce: '', tag: '' } }, db });
    await expectCode(importAegis({ bytes: mixed, password: 'pw' }), 'ERR_IMPORT_INVALID', /both be null/);
    await expectCode(importAegis({ bytes: utf8('{"version":1,') }), 'ERR_IMPORT_INVALID', /JSON/);
    await expectCode(importAegis({ bytes: Uint8Array.of(0x7b, 0xff, 0x7d) }), 'ERR_IMPORT_INVALID', /UTF-8/);
    await expectCode(importAegis({ bytes: new Uint8Array(64 * 1024 * 1024 + 1) }), 'ERR_IMPORT_TOO_LARGE');
  });

  it('refuses __proto__ and constructor members anywhere in the file or the decrypted db', async () => {
    const text = JSON.stringify(plainAegisFileObject()).replace('"version":3', '"__proto__":{"polluted":true},"version":3');
    await expectCode(importAegis({ bytes: utf8(text) }), 'ERR_IMPORT_INVALID', /__proto__/);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    const hostileEntry = JSON.parse('{"constructor":{"name":"x"}}') as unknown;
    const sealed = encryptedAegisFile(aegisDb([hostileEntry]), [{ password: 'pw', n: 16 }]);
    await expectCode(importAegis({ bytes: fileBytes(sealed), password: 'pw' }), 'ERR_IMPORT_INVALID', /constructor/);
  });

  it('refuses deep nesting (100 000 levels) without a stack overflow', async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    await expectCode(importAegis({ bytes: utf8(`{"version":1,"header":{"slots":null,"params":null},"db":${deep}}`) }), 'ERR_IMPORT_INVALID', /nests deeper/);
  });

  it('property: mutated plain and encrypted files give a result or a typed error', async () => {
    const plain = plainAegisFile(db);
    const sealed = fileBytes(encrypted);
    await fc.assert(
      fc.asyncProperty(fc.boolean(), arbMutations(), async (usePlain, mutations) => {
        const bytes = mutate(usePlain ? plain : sealed, mutations);
        await expectTypedOutcome(() => importAegis({ bytes, password: 'pw' }), CODES);
      }),
      { numRuns: runs(60, 2_000) },
    );
  });

  it('property: arbitrary JSON, in the file or as the db, gives a typed error', async () => {
    await fc.assert(
      fc.asyncProperty(arbHostileJson, async (value) => {
        await expectTypedOutcome(() => importAegis({ bytes: jsonBytes(value) }), CODES);
        await expectTypedOutcome(() => importAegis({ bytes: plainAegisFile(value) }), CODES);
        await expectTypedOutcome(() => importAegis({ bytes: plainAegisFile({ version: 3, entries: [value], groups: [value] }) }), CODES);
      }),
      { numRuns: runs(100, 3_000) },
    );
  });
});

function plainAegisFileObject(): unknown {
  return { version: 1, header: { slots: null, params: null }, db };
}
