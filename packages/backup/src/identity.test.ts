import { bech32 } from '@scure/base';
import { describe, expect, it } from 'vitest';
import { generateBackupIdentity, identityKind, recipientOf } from './identity.js';

describe('backup identity', () => {
  it('hybrid by default: AGE-SECRET-KEY-PQ-1… / age1pq1…', async () => {
    const { identity, recipient, kind } = await generateBackupIdentity();
    expect(kind).toBe('hybrid');
    expect(identity).toMatch(/^AGE-SECRET-KEY-PQ-1[02-9AC-HJ-NP-Z]{58}$/);
    expect(recipient.startsWith('age1pq1')).toBe(true);
    expect(identityKind(identity)).toBe('hybrid');
    expect(await recipientOf(identity)).toBe(recipient);
  });

  it('classic: AGE-SECRET-KEY-1… / age1…', async () => {
    const { identity, recipient, kind } = await generateBackupIdentity('classic');
    expect(kind).toBe('classic');
    expect(identity).toMatch(/^AGE-SECRET-KEY-1[02-9AC-HJ-NP-Z]{58}$/);
    expect(recipient).toMatch(/^age1[02-9ac-hj-np-z]{58}$/);
    expect(identityKind(identity)).toBe('classic');
  });

  it('identityKind refuses anything but a canonical 32-byte identity', async () => {
    const { identity } = await generateBackupIdentity('classic');
    const secret = new Uint8Array(32).fill(1);
    expect(identityKind(identity.toLowerCase())).toBeUndefined();
    expect(identityKind(identity.slice(0, -1))).toBeUndefined();
    expect(identityKind(bech32.encodeFromBytes('AGE-SECRET-KEY-', secret.slice(0, 31)).toUpperCase())).toBeUndefined();
    expect(identityKind(bech32.encodeFromBytes('AGE-PLUGIN-X-', secret).toUpperCase())).toBeUndefined();
    expect(identityKind(bech32.encodeFromBytes('age', secret))).toBeUndefined();
    expect(identityKind('')).toBeUndefined();
    await expect(recipientOf('AGE-SECRET-KEY-1')).rejects.toThrow(TypeError);
  });
});
