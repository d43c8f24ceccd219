import { describe, expect, it } from 'vitest';
import { parseOtpauthUri } from '../uri/parse.js';
import { groupsOfFour, paperBackupEntries } from './paper.js';
import { sampleVault } from './test-support/sample-vault.js';

describe('paper backup entries', () => {
  it('lists each account in order with its grouped secret and a QR-able URI', () => {
    const { output, skipped } = paperBackupEntries(sampleVault());
    expect(output.map((e) => e.label)).toEqual(['alice@example.com', 'bob smith', 'hotp demo', 'gamer', 'seven digits', 'minute', '名前 & <b>']);
    expect(output.map((e) => e.number)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(output[0]).toMatchObject({ issuer: 'GitHub', secretGroups: 'JBSW Y3DP EHPK 3PXP', parameters: 'TOTP · SHA1 · 6 digits · 30 s' });
    expect(output[2]?.parameters).toBe('HOTP · SHA512 · 6 digits · next counter 4');
    expect(output[3]?.parameters).toBe('Steam Guard · 30 s');
    // The QR carries no icon: an inline image would make the code too dense to scan from paper.
    expect(parseOtpauthUri(output[0]?.uri ?? '').icon).toBeUndefined();
    expect(skipped.map((s) => s.account.label)).toEqual(['team:alice', 'carol']);
  });

  it('groups text in fours', () => {
    expect(groupsOfFour('ABCDEFGHIJ')).toBe('ABCD EFGH IJ');
    expect(groupsOfFour('')).toBe('');
  });
});
