import { describe, expect, it } from 'vitest';
import { parseOtpauthUri } from '../uri/parse.js';
import { orderedAccounts } from '../vault/order.js';
import type { OtpAccount } from '../vault/types.js';
import { exportOtpauthList } from './otpauth-list.js';
import { sampleVault } from './test-support/sample-vault.js';

describe('otpauth URI list export', () => {
  it('writes one URI per line, in order, that parses back to the same account', () => {
    const vault = sampleVault();
    const { output, skipped } = exportOtpauthList(vault);
    const lines = output.trimEnd().split('\n');
    const expected = orderedAccounts(vault).filter((a): a is OtpAccount => a.kind === 'otp' && a.label !== 'team:alice');
    expect(lines).toHaveLength(expected.length);
    lines.forEach((line, i) => {
      const account = expected[i]!;
      expect(parseOtpauthUri(line)).toEqual({ issuer: account.issuer, label: account.label, otp: account.otp, ...(account.icon ? { icon: account.icon } : {}) });
    });
    expect(output.endsWith('\n')).toBe(true);
    expect(skipped.map((s) => s.account.label)).toEqual(['team:alice', 'carol']);
    expect(skipped[0]?.reason).toMatch(/colon/);
    expect(skipped[1]?.reason).toMatch(/work account/);
  });
});
