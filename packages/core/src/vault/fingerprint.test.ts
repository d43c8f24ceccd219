import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase32 } from '../encoding/base32.js';
import { accountFingerprint } from './fingerprint.js';
import { arbVault } from './test-support/arbitraries.js';
import { PROPERTY } from './test-support/context.js';
import type { OtpAccount, WorkAccount } from './types.js';

const runs = PROPERTY.runs(100, 1_000);

const account: OtpAccount = {
  id: '0b7e3c9a-1d2f-4e5a-8b6c-7d8e9f0a1b2c',
  kind: 'otp',
  issuer: 'GitHub',
  label: 'alice',
  groups: [],
  note: '',
  favourite: false,
  position: 0,
  createdAt: 1,
  updatedAt: 2,
  otp: { type: 'totp', secret: 'JBSWY3DPEHPK3PXP', algorithm: 'SHA1', digits: 6, period: 30 },
};

/** The layout of docs/formats/vault-v1.md, written out independently with Buffer and node:crypto. */
function reference(fields: readonly (string | Uint8Array)[]): string {
  const parts = fields.map((f) => (typeof f === 'string' ? Buffer.from(f, 'utf8') : Buffer.from(f)));
  const framed = parts.flatMap((p) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(p.length);
    return [length, p];
  });
  return createHash('sha256').update(Buffer.concat(framed)).digest('hex');
}

describe('accountFingerprint', () => {
  it('follows the documented layout', () => {
    const secret = decodeBase32('JBSWY3DPEHPK3PXP');
    const fields = ['tessera.account-fingerprint.v1', 'otp', 'totp', 'SHA1', '6', '30', secret, 'github', 'alice', '', '', ''];
    expect(accountFingerprint(account)).toBe(reference(fields));
    expect(accountFingerprint(account)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('covers work-account identity and the optional OATH secret', () => {
    const work: WorkAccount = {
      ...account,
      kind: 'work',
      work: { serverUrl: 'https://id.example', tenantId: 'T1', tenantName: 'Example', username: 'Alice@Example', displayName: 'Alice' },
    };
    const fields = ['tessera.account-fingerprint.v1', 'work', '', '', '', '', new Uint8Array(0), 'github', 'alice', 'https://id.example', 'T1', 'alice@example'];
    expect(accountFingerprint(work)).toBe(reference(fields));
    const steam = { ...work, work: { ...work.work, otp: { type: 'steam' as const, secret: 'JBSWY3DPEHPK3PXP', period: 30 } } };
    const steamFields = [...fields.slice(0, 2), 'steam', 'SHA1', '5', '30', decodeBase32('JBSWY3DPEHPK3PXP'), ...fields.slice(7)];
    expect(accountFingerprint(steam)).toBe(reference(steamFields));
  });

  it('ignores what may change without making it another account', () => {
    const fp = accountFingerprint(account);
    expect(accountFingerprint({ ...account, id: '1b7e3c9a-1d2f-4e5a-8b6c-7d8e9f0a1b2c', position: 9, note: 'x', favourite: true, updatedAt: 99 })).toBe(fp);
    expect(accountFingerprint({ ...account, issuer: 'GITHUB', label: 'Alice' })).toBe(fp);
    // Same 9 bytes, different base32 spelling: 15 characters carry 3 unused low bits.
    const spelled = (secret: string): string => accountFingerprint({ ...account, otp: { ...account.otp, secret } });
    expect(spelled('JBSWY3DPEHPK3PQ')).toBe(spelled('JBSWY3DPEHPK3PR'));
    const hotp = { ...account, otp: { type: 'hotp' as const, secret: 'JBSWY3DPEHPK3PXP', algorithm: 'SHA1' as const, digits: 6, counter: 1 } };
    expect(accountFingerprint({ ...hotp, otp: { ...hotp.otp, counter: 2 } })).toBe(accountFingerprint(hotp));
  });

  it('changes with every covered field', () => {
    const fp = accountFingerprint(account);
    const variants = [
      { ...account, issuer: 'Gitlab' },
      { ...account, label: 'bob' },
      { ...account, otp: { ...account.otp, secret: 'GEZDGNBVGY3TQOJQ' } },
      { ...account, otp: { ...account.otp, digits: 8 } },
      { ...account, otp: { ...account.otp, period: 60 } },
      { ...account, otp: { ...account.otp, algorithm: 'SHA256' as const } },
      { ...account, issuer: 'GitHubalice', label: '' },
    ];
    for (const variant of variants) expect(accountFingerprint(variant)).not.toBe(fp);
  });

  it('never reveals the secret', { timeout: PROPERTY.timeout }, () => {
    fc.assert(
      fc.property(arbVault(), (vault) => {
        for (const a of vault.accounts) {
          const fp = accountFingerprint(a);
          const secret = a.kind === 'otp' ? a.otp.secret : a.work.otp?.secret;
          if (secret !== undefined && secret.length >= 8) {
            expect(fp.includes(secret.toLowerCase())).toBe(false);
            expect(fp.includes(Buffer.from(decodeBase32(secret)).toString('hex'))).toBe(false);
          }
        }
      }),
      { numRuns: runs },
    );
  });
});
