import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CoreError } from '../errors.js';
import { decodeVault } from './decode.js';
import { MAX_VAULT_BYTES } from './document.js';
import { MAX_TOMBSTONES } from './tombstones.js';
import { encodeVault } from './encode.js';
import { arbVault } from './test-support/arbitraries.js';
import { deepFreeze, PROPERTY } from './test-support/context.js';
import type { Vault } from './types.js';

const runs = PROPERTY.runs(150, 2_000);
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const ID = [
  '11111111-1111-4111-8111-111111111111',
  '22222222-2222-4222-8222-222222222222',
  '33333333-3333-4333-8333-333333333333',
  '44444444-4444-4444-8444-444444444444',
] as const;

const golden: Vault = {
  version: 1,
  vaultId: ID[0],
  updatedAt: 1_700_000_000_000,
  groups: [{ id: ID[1], name: 'Work' }],
  accounts: [
    {
      id: ID[2], kind: 'otp', issuer: 'GitHub', label: 'alice', icon: { color: '24292E' }, groups: [ID[1]],
      note: 'n', favourite: true, position: 0, createdAt: 1, updatedAt: 2,
      otp: { type: 'hotp', secret: 'JBSWY3DPEHPK3PXP', algorithm: 'SHA1', digits: 6, counter: 3 },
    },
  ],
  tombstones: [{ id: ID[3], deletedAt: 5 }],
};
const GOLDEN_TEXT =
  '{"format":"tessera.vault","version":1,"vaultId":"11111111-1111-4111-8111-111111111111","updatedAt":1700000000000,' +
  '"groups":[{"id":"22222222-2222-4222-8222-222222222222","name":"Work"}],' +
  '"accounts":[{"id":"33333333-3333-4333-8333-333333333333","kind":"otp","issuer":"GitHub","label":"alice",' +
  '"icon":{"color":"24292E"},"groups":["22222222-2222-4222-8222-222222222222"],"note":"n","favourite":true,' +
  '"position":0,"createdAt":1,"updatedAt":2,' +
  '"otp":{"type":"hotp","secret":"JBSWY3DPEHPK3PXP","algorithm":"SHA1","digits":6,"counter":3}}],' +
  '"tombstones":[{"id":"44444444-4444-4444-8444-444444444444","deletedAt":5}]}';

/** The golden document as an object, for tests that change one member. */
function goldenDoc(): Record<string, unknown> & { accounts: Record<string, unknown>[]; groups: Record<string, unknown>[]; tombstones: Record<string, unknown>[] } {
  return JSON.parse(GOLDEN_TEXT) as ReturnType<typeof goldenDoc>;
}

function decodeError(doc: unknown): string {
  try {
    decodeVault(utf8(typeof doc === 'string' ? doc : JSON.stringify(doc)));
  } catch (error) {
    return error instanceof CoreError ? error.code : `not a CoreError: ${String(error)}`;
  }
  return 'accepted';
}

/** `n` tombstones with distinct ids (v4 UUIDs built from the index) and times. */
function manyTombstones(n: number): { id: string; deletedAt: number }[] {
  return Array.from({ length: n }, (_, i) => ({ id: `${i.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`, deletedAt: i }));
}

describe('encodeVault', () => {
  it('writes the documented member order', () => {
    expect(new TextDecoder().decode(encodeVault(deepFreeze(golden)))).toBe(GOLDEN_TEXT);
  });

  it('writes accounts in display order whatever the array order', () => {
    const a = golden.accounts[0]!;
    const b = { ...a, id: ID[0], position: 7, label: 'bob' };
    const bytes = encodeVault({ ...golden, accounts: [b, a] });
    expect(decodeVault(bytes).accounts.map((x) => x.label)).toEqual(['alice', 'bob']);
  });

  it('refuses to write a vault the reader would refuse', () => {
    const broken = { ...golden, accounts: [{ ...golden.accounts[0]!, label: '' }] };
    expect(() => encodeVault(broken)).toThrow(expect.objectContaining({ code: 'ERR_VAULT_CORRUPT' }) as Error);
    const twice = { ...golden, accounts: [golden.accounts[0]!, golden.accounts[0]!] };
    expect(() => encodeVault(twice)).toThrow(CoreError);
  });
});

describe('decodeVault', () => {
  it('reads back exactly what was written (property)', { timeout: PROPERTY.timeout }, () => {
    fc.assert(
      fc.property(arbVault(), (vault) => {
        const bytes = encodeVault(deepFreeze(vault));
        expect(decodeVault(bytes)).toEqual(vault);
        expect(encodeVault(decodeVault(bytes))).toEqual(bytes);
      }),
      { numRuns: runs },
    );
  });

  it('reads the golden document and a work account without an OATH secret', () => {
    expect(decodeVault(utf8(GOLDEN_TEXT))).toEqual(golden);
    const doc = goldenDoc();
    const common: Record<string, unknown> = { ...doc.accounts[0] };
    delete common['otp'];
    doc.accounts[0] = { ...common, kind: 'work', work: { serverUrl: 'https://id.example', tenantId: 't', tenantName: '', username: 'u', displayName: '' } };
    expect(decodeVault(utf8(JSON.stringify(doc))).accounts[0]).toMatchObject({ kind: 'work', work: { tenantId: 't' } });
  });

  it('refuses a newer version with ERR_VAULT_VERSION_UNSUPPORTED, whatever else it holds', () => {
    expect(decodeError({ format: 'tessera.vault', version: 2 })).toBe('ERR_VAULT_VERSION_UNSUPPORTED');
    expect(decodeError({ ...goldenDoc(), version: 99, extra: true })).toBe('ERR_VAULT_VERSION_UNSUPPORTED');
  });

  const corrupt: [string, (doc: ReturnType<typeof goldenDoc>) => unknown][] = [
    ['not an object', () => []],
    ['another format', (d) => ({ ...d, format: 'aegis.vault' })],
    ['version 0', (d) => ({ ...d, version: 0 })],
    ['version as text', (d) => ({ ...d, version: '1' })],
    ['a fractional version', (d) => ({ ...d, version: 1.5 })],
    ['an unknown top-level member', (d) => ({ ...d, deleted: [] })],
    ['no tombstones member', (d) => ({ ...d, tombstones: undefined })],
    ['tombstones that are not an array', (d) => ({ ...d, tombstones: {} })],
    ['a tombstone with an unknown member', (d) => ({ ...d, tombstones: [{ ...d.tombstones[0], label: 'x' }] })],
    ['a tombstone without deletedAt', (d) => ({ ...d, tombstones: [{ id: ID[3] }] })],
    ['a tombstone with a negative time', (d) => ({ ...d, tombstones: [{ id: ID[3], deletedAt: -1 }] })],
    ['a tombstone with a bad id', (d) => ({ ...d, tombstones: [{ id: 'x', deletedAt: 1 }] })],
    ['a repeated tombstone id', (d) => ({ ...d, tombstones: [d.tombstones[0], { ...d.tombstones[0], deletedAt: 9 }] })],
    ['a tombstone for a live account', (d) => ({ ...d, tombstones: [{ id: ID[2], deletedAt: 1 }] })],
    ['more than MAX_TOMBSTONES tombstones', (d) => ({ ...d, tombstones: manyTombstones(MAX_TOMBSTONES + 1) })],
    ['a missing member', (d) => ({ ...d, groups: undefined })],
    ['a bad vault id', (d) => ({ ...d, vaultId: 'ABC' })],
    ['an upper-case id', (d) => ({ ...d, vaultId: 'AAAAAAAA-1111-4111-8111-111111111111' })],
    ['a negative timestamp', (d) => ({ ...d, updatedAt: -1 })],
    ['a timestamp beyond 2^53', (d) => ({ ...d, updatedAt: 2 ** 53 })],
    ['an unknown account kind', (d) => ({ ...d, accounts: [{ ...d.accounts[0], kind: 'fido' }] })],
    ['an unknown account member', (d) => ({ ...d, accounts: [{ ...d.accounts[0], colour: 'red' }] })],
    ['both otp and work', (d) => ({ ...d, accounts: [{ ...d.accounts[0], work: {} }] })],
    ['an unknown OTP type', (d) => ({ ...d, accounts: [{ ...d.accounts[0], otp: { type: 'motp', secret: 'AAAA' } }] })],
    ['an OTP member of another type', (d) => ({ ...d, accounts: [{ ...d.accounts[0], otp: { ...(d.accounts[0]!['otp'] as object), period: 30 } }] })],
    ['a missing OTP member', (d) => ({ ...d, accounts: [{ ...d.accounts[0], otp: { type: 'hotp', secret: 'JBSWY3DP', algorithm: 'SHA1', digits: 6 } }] })],
    ['bad digits', (d) => ({ ...d, accounts: [{ ...d.accounts[0], otp: { ...(d.accounts[0]!['otp'] as object), digits: 4 } }] })],
    ['a bad secret', (d) => ({ ...d, accounts: [{ ...d.accounts[0], otp: { ...(d.accounts[0]!['otp'] as object), secret: '1!' } }] })],
    ['a numeric secret', (d) => ({ ...d, accounts: [{ ...d.accounts[0], otp: { ...(d.accounts[0]!['otp'] as object), secret: 7 } }] })],
    ['an empty label', (d) => ({ ...d, accounts: [{ ...d.accounts[0], label: ' ' }] })],
    ['a control character', (d) => ({ ...d, accounts: [{ ...d.accounts[0], issuer: 'a\u001bb' }] })],
    ['a lone surrogate', (d) => ({ ...d, accounts: [{ ...d.accounts[0], label: 'a\ud800' }] })],
    ['favourite as text', (d) => ({ ...d, accounts: [{ ...d.accounts[0], favourite: 'yes' }] })],
    ['an empty icon', (d) => ({ ...d, accounts: [{ ...d.accounts[0], icon: {} }] })],
    ['a null icon', (d) => ({ ...d, accounts: [{ ...d.accounts[0], icon: null }] })],
    ['a bad icon image', (d) => ({ ...d, accounts: [{ ...d.accounts[0], icon: { image: 'file:///etc/passwd' } }] })],
    ['an unknown group reference', (d) => ({ ...d, accounts: [{ ...d.accounts[0], groups: [ID[0]] }] })],
    ['a repeated group reference', (d) => ({ ...d, accounts: [{ ...d.accounts[0], groups: [ID[1], ID[1]] }] })],
    ['a repeated account id', (d) => ({ ...d, accounts: [d.accounts[0], { ...d.accounts[0], position: 1 }] })],
    ['a repeated position', (d) => ({ ...d, accounts: [d.accounts[0], { ...d.accounts[0], id: ID[0] }] })],
    ['a fractional position', (d) => ({ ...d, accounts: [{ ...d.accounts[0], position: 0.5 }] })],
    ['a repeated group id', (d) => ({ ...d, groups: [d.groups[0], { ...d.groups[0], name: 'Other' }] })],
    ['a repeated group name', (d) => ({ ...d, groups: [d.groups[0], { id: ID[0], name: 'WORK' }] })],
    ['a work account without a tenant', (d) => ({ ...d, accounts: [{ ...d.accounts[0], otp: undefined, kind: 'work', work: { serverUrl: 'https://x', tenantId: '', tenantName: '', username: 'u', displayName: '' } }] })],
    ['a work account with a ftp server', (d) => ({ ...d, accounts: [{ ...d.accounts[0], otp: undefined, kind: 'work', work: { serverUrl: 'ftp://x', tenantId: 't', tenantName: '', username: 'u', displayName: '' } }] })],
  ];

  it.each(corrupt)('refuses %s with ERR_VAULT_CORRUPT', (_, change) => {
    expect(decodeError(change(goldenDoc()))).toBe('ERR_VAULT_CORRUPT');
  });

  it('refuses bytes that are not UTF-8 JSON', () => {
    expect(decodeError('')).toBe('ERR_VAULT_CORRUPT');
    expect(decodeError('{"format":')).toBe('ERR_VAULT_CORRUPT');
    expect(() => decodeVault(new Uint8Array([0x7b, 0xff, 0x7d]))).toThrow(expect.objectContaining({ code: 'ERR_VAULT_CORRUPT' }) as Error);
  });

  it('refuses a document over the size cap before parsing it', () => {
    const huge = new Uint8Array(MAX_VAULT_BYTES + 1).fill(0x20);
    expect(() => decodeVault(huge)).toThrow(expect.objectContaining({ code: 'ERR_VAULT_CORRUPT' }) as Error);
  });

  it('accepts the largest safe position and normalises cosmetic differences', () => {
    const doc = goldenDoc();
    doc.accounts[0] = { ...doc.accounts[0], position: Number.MAX_SAFE_INTEGER, issuer: ' GitHub ', otp: { type: 'totp', secret: 'jbsw y3dp ehpk 3pxp', algorithm: 'sha256', digits: 6, period: 30 } };
    expect(decodeVault(utf8(JSON.stringify(doc))).accounts[0]).toMatchObject({
      position: Number.MAX_SAFE_INTEGER,
      issuer: 'GitHub',
      otp: { secret: 'JBSWY3DPEHPK3PXP', algorithm: 'SHA256' },
    });
  });

  it('reads up to MAX_TOMBSTONES tombstones and sorts them oldest first', () => {
    const doc = goldenDoc();
    doc.tombstones = manyTombstones(MAX_TOMBSTONES).reverse();
    const { tombstones } = decodeVault(utf8(JSON.stringify(doc)));
    expect(tombstones).toHaveLength(MAX_TOMBSTONES);
    expect(tombstones.map((t) => t.deletedAt)).toEqual([...tombstones.map((t) => t.deletedAt)].sort((a, b) => a - b));
  });

  it('treats a non-Uint8Array argument as a caller mistake', () => {
    expect(() => decodeVault('{}' as unknown as Uint8Array)).toThrow(TypeError);
  });
});
