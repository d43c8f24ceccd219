import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accountFingerprint } from '../vault/fingerprint.js';
import { arbVault } from '../vault/test-support/arbitraries.js';
import { codeOf, deepFreeze, PROPERTY } from '../vault/test-support/context.js';
import type { Vault } from '../vault/types.js';
import { backupForm } from '../vault/work-account.js';
import { createSnapshot } from './create.js';
import { decodeSnapshot } from './decode.js';
import { MAX_SNAPSHOT_BYTES } from './document.js';
import { encodeSnapshot } from './encode.js';
import { arbSource, arbVaultAndSnapshot } from './test-support/arbitraries.js';
import { SOURCE } from './test-support/fixtures.js';

const runs = PROPERTY.runs(150, 2_000);
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const ID = [
  '11111111-1111-4111-8111-111111111111',
  '22222222-2222-4222-8222-222222222222',
  '33333333-3333-4333-8333-333333333333',
  '44444444-4444-4444-8444-444444444444',
] as const;

const vault: Vault = deepFreeze({
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
});

function goldenText(): string {
  const fingerprint = accountFingerprint(vault.accounts[0]!);
  return (
    '{"format":"tessera.backup","version":1,"vaultId":"11111111-1111-4111-8111-111111111111",' +
    '"deviceId":"laptop-1","deviceName":"laptop","generation":7,"createdAt":1700000500000,' +
    '"accounts":[{"id":"33333333-3333-4333-8333-333333333333","kind":"otp","issuer":"GitHub","label":"alice",' +
    '"icon":{"color":"24292E"},"groups":["22222222-2222-4222-8222-222222222222"],"note":"n","favourite":true,' +
    '"position":0,"createdAt":1,"updatedAt":2,' +
    '"otp":{"type":"hotp","secret":"JBSWY3DPEHPK3PXP","algorithm":"SHA1","digits":6,"counter":3}}],' +
    '"groups":[{"id":"22222222-2222-4222-8222-222222222222","name":"Work"}],' +
    '"tombstones":[{"id":"44444444-4444-4444-8444-444444444444","deletedAt":5}],' +
    `"manifest":{"count":1,"fingerprints":["${fingerprint}"]}}`
  );
}

type Doc = Record<string, unknown> & { accounts: Record<string, unknown>[]; manifest: { count: number; fingerprints: string[] } };

function goldenDoc(): Doc {
  return JSON.parse(new TextDecoder().decode(encodeSnapshot(createSnapshot(vault, SOURCE)))) as Doc;
}

function decodeError(doc: unknown): string | undefined {
  return codeOf(() => decodeSnapshot(utf8(typeof doc === 'string' ? doc : JSON.stringify(doc))));
}

describe('createSnapshot', () => {
  it('holds the vault in display order with a manifest of count and fingerprints', () => {
    const snapshot = createSnapshot(vault, { ...SOURCE, deviceName: '  laptop ' });
    expect(snapshot).toMatchObject({ format: 'tessera.backup', version: 1, vaultId: ID[0], deviceId: 'laptop-1', deviceName: 'laptop', generation: 7 });
    expect(snapshot.accounts).toEqual(vault.accounts);
    expect(snapshot.manifest.count).toBe(1);
    expect(snapshot.manifest.fingerprints[0]).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ['a device id with a slash', { deviceId: '../x' }, TypeError],
    ['an upper-case device id', { deviceId: 'Laptop' }, TypeError],
    ['an empty device name', { deviceName: ' ' }, TypeError],
    ['a device name with a zero-width space', { deviceName: 'lap\u200Btop' }, TypeError],
    ['a negative generation', { generation: -1 }, RangeError],
    ['a fractional generation', { generation: 1.5 }, RangeError],
    ['a bad clock', { now: Number.NaN }, RangeError],
  ])('treats %s as a caller mistake', (_, change, type) => {
    expect(() => createSnapshot(vault, { ...SOURCE, ...change })).toThrow(type);
  });
});

describe('encodeSnapshot', () => {
  it('writes the documented member order', () => {
    expect(new TextDecoder().decode(encodeSnapshot(createSnapshot(vault, SOURCE)))).toBe(goldenText());
    expect(decodeSnapshot(utf8(goldenText()))).toEqual(createSnapshot(vault, SOURCE));
  });

  it('refuses to write a snapshot the reader would refuse', () => {
    const snapshot = createSnapshot(vault, SOURCE);
    expect(codeOf(() => encodeSnapshot({ ...snapshot, accounts: [] }))).toBe('ERR_BACKUP_MANIFEST_MISMATCH');
    expect(codeOf(() => encodeSnapshot({ ...snapshot, deviceId: 'A/B' }))).toBe('ERR_BACKUP_CORRUPT');
    expect(codeOf(() => encodeSnapshot({ ...snapshot, accounts: [{ ...vault.accounts[0]!, label: '' }] }))).toBe('ERR_BACKUP_CORRUPT');
  });
});

describe('decodeSnapshot', () => {
  it('reads back exactly what was written (property)', { timeout: PROPERTY.timeout }, () => {
    fc.assert(
      fc.property(arbVaultAndSnapshot(), ({ vault: v, snapshot }) => {
        const bytes = encodeSnapshot(deepFreeze(snapshot));
        const read = decodeSnapshot(bytes);
        expect(read).toEqual(snapshot);
        expect(read.accounts).toEqual(v.accounts.map(backupForm));
        expect(read.groups).toEqual(v.groups);
        expect(read.tombstones).toEqual(v.tombstones);
        expect(encodeSnapshot(read)).toEqual(bytes);
      }),
      { numRuns: runs },
    );
  });

  it('gives equal bytes for equal vaults, whatever their array order', () => {
    fc.assert(
      fc.property(arbVault(), arbSource, (v, source) => {
        const shuffled = { ...v, accounts: [...v.accounts].reverse(), tombstones: [...v.tombstones].reverse() };
        expect(encodeSnapshot(createSnapshot(shuffled, source))).toEqual(encodeSnapshot(createSnapshot(v, source)));
      }),
      { numRuns: PROPERTY.runs(50, 500) },
    );
  });

  it('refuses a newer version with ERR_BACKUP_VERSION_UNSUPPORTED, whatever else it holds', () => {
    expect(decodeError({ format: 'tessera.backup', version: 2 })).toBe('ERR_BACKUP_VERSION_UNSUPPORTED');
    expect(decodeError({ ...goldenDoc(), version: 99, extra: true, accounts: 'x' })).toBe('ERR_BACKUP_VERSION_UNSUPPORTED');
  });

  const corrupt: [string, (doc: Doc) => unknown][] = [
    ['not an object', () => []],
    ['a vault document', (d) => ({ ...d, format: 'tessera.vault' })],
    ['version 0', (d) => ({ ...d, version: 0 })],
    ['version as text', (d) => ({ ...d, version: '1' })],
    ['an unknown member', (d) => ({ ...d, comment: 'hi' })],
    ['a missing manifest', (d) => ({ ...d, manifest: undefined })],
    ['a missing device name', (d) => ({ ...d, deviceName: undefined })],
    ['an empty device name', (d) => ({ ...d, deviceName: '' })],
    ['a device name with a bidi override', (d) => ({ ...d, deviceName: 'pot\u202Epal' })],
    ['a device id with a path', (d) => ({ ...d, deviceId: '../../etc' })],
    ['a negative generation', (d) => ({ ...d, generation: -1 })],
    ['a generation beyond 2^53', (d) => ({ ...d, generation: 2 ** 53 })],
    ['a bad createdAt', (d) => ({ ...d, createdAt: '2024-01-01' })],
    ['a bad vault id', (d) => ({ ...d, vaultId: 'vault' })],
    ['a repeated account id', (d) => ({ ...d, accounts: [d.accounts[0], { ...d.accounts[0], position: 1 }] })],
    ['a repeated position', (d) => ({ ...d, accounts: [d.accounts[0], { ...d.accounts[0], id: ID[0] }] })],
    ['bad OTP parameters', (d) => ({ ...d, accounts: [{ ...d.accounts[0], otp: { type: 'hotp', secret: 'JBSWY3DPEHPK3PXP', algorithm: 'MD5', digits: 6, counter: 0 } }] })],
    ['an unknown account member', (d) => ({ ...d, accounts: [{ ...d.accounts[0], pushKey: 'x' }] })],
    ['an unknown group reference', (d) => ({ ...d, accounts: [{ ...d.accounts[0], groups: [ID[0]] }] })],
    ['a tombstone for a live account', (d) => ({ ...d, tombstones: [{ id: ID[2], deletedAt: 1 }] })],
    ['a manifest with an unknown member', (d) => ({ ...d, manifest: { ...d.manifest, hash: 'x' } })],
    ['a manifest count as text', (d) => ({ ...d, manifest: { ...d.manifest, count: '1' } })],
    ['an upper-case fingerprint', (d) => ({ ...d, manifest: { ...d.manifest, fingerprints: d.manifest.fingerprints.map((f) => f.toUpperCase()) } })],
    ['a short fingerprint', (d) => ({ ...d, manifest: { ...d.manifest, fingerprints: ['abc'] } })],
  ];

  it.each(corrupt)('refuses %s with ERR_BACKUP_CORRUPT', (_, change) => {
    expect(decodeError(change(goldenDoc()))).toBe('ERR_BACKUP_CORRUPT');
  });

  const mismatched: [string, (doc: Doc) => unknown][] = [
    ['a count too high', (d) => ({ ...d, manifest: { ...d.manifest, count: 2 } })],
    ['a count too low', (d) => ({ ...d, manifest: { ...d.manifest, count: 0 } })],
    ['a missing fingerprint', (d) => ({ ...d, manifest: { count: 1, fingerprints: [] } })],
    ['a wrong fingerprint', (d) => ({ ...d, manifest: { count: 1, fingerprints: ['0'.repeat(64)] } })],
    ['an account dropped from the list', (d) => ({ ...d, accounts: [] })],
    ['an account renamed after the manifest', (d) => ({ ...d, accounts: [{ ...d.accounts[0], label: 'mallory' }] })],
    ['fingerprints out of display order', () => {
      const bob = { ...vault.accounts[0]!, id: ID[0], position: 1, label: 'bob' };
      const doc = JSON.parse(new TextDecoder().decode(encodeSnapshot(createSnapshot({ ...vault, accounts: [vault.accounts[0]!, bob] }, SOURCE)))) as Doc;
      return { ...doc, manifest: { count: 2, fingerprints: [...doc.manifest.fingerprints].reverse() } };
    }],
  ];

  it.each(mismatched)('refuses %s with ERR_BACKUP_MANIFEST_MISMATCH', (_, change) => {
    expect(decodeError(change(goldenDoc()))).toBe('ERR_BACKUP_MANIFEST_MISMATCH');
  });

  it('refuses bytes that are not UTF-8 JSON, and a document over the size cap before parsing it', () => {
    expect(decodeError('')).toBe('ERR_BACKUP_CORRUPT');
    expect(codeOf(() => decodeSnapshot(new Uint8Array([0x7b, 0xff, 0x7d])))).toBe('ERR_BACKUP_CORRUPT');
    expect(codeOf(() => decodeSnapshot(new Uint8Array(MAX_SNAPSHOT_BYTES + 1)))).toBe('ERR_BACKUP_CORRUPT');
  });

  it('treats a non-Uint8Array argument as a caller mistake', () => {
    expect(() => decodeSnapshot('{}' as unknown as Uint8Array)).toThrow(TypeError);
  });
});
