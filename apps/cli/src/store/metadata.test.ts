import { describe, expect, it } from 'vitest';
import { decodeMetadata, encodeMetadata, METADATA_FORMAT, type VaultMetadata } from './metadata.js';

const meta: VaultMetadata = {
  format: METADATA_FORMAT,
  version: 1,
  vaultId: '2b0f5d1e-3c4a-4b7e-9f10-0a1b2c3d4e5f',
  createdAt: '2026-01-02T03:04:05.000Z',
  keyStorage: 'file',
  machineId: 'a'.repeat(64),
};

function encoded(patch: Record<string, unknown>): Uint8Array {
  return Buffer.from(JSON.stringify({ ...meta, ...patch }));
}

describe('vault.json', () => {
  it('round-trips', () => {
    expect(decodeMetadata(encodeMetadata(meta))).toEqual(meta);
    const marked: VaultMetadata = { ...meta, creating: true, staleKeyCopies: ['keychain', 'file'] };
    expect(decodeMetadata(encodeMetadata(marked))).toEqual(marked);
  });

  it.each([
    ['not JSON', Buffer.from('{')],
    ['not an object', Buffer.from('[]')],
    ['another format', encoded({ format: 'other' })],
    ['a newer version', encoded({ version: 2 })],
    ['a bad vault id', encoded({ vaultId: '../../etc' })],
    ['a bad time', encoded({ createdAt: 'yesterday' })],
    ['an unknown key storage', encoded({ keyStorage: 'cloud' })],
    ['a raw machine id', encoded({ machineId: '3d1219c7c4c5404aaa1f6d2a48adfda4' })],
    ['a creating flag that is not true', encoded({ creating: false })],
    ['an empty staleKeyCopies list', encoded({ staleKeyCopies: [] })],
    ['an unknown stale key copy', encoded({ staleKeyCopies: ['cloud'] })],
  ])('refuses %s with ERR_VAULT_METADATA_INVALID', (_name, bytes) => {
    expect(() => decodeMetadata(bytes)).toThrow(expect.objectContaining({ code: 'ERR_VAULT_METADATA_INVALID' }));
  });
});
