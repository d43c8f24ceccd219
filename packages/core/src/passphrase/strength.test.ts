import { describe, expect, it } from 'vitest';
import { checkPassphraseStrength, MAX_PASSPHRASE_LENGTH, MIN_PASSPHRASE_LENGTH, normalizePassphrase } from './index.js';

describe('passphrase policy (NIST SP 800-63B-4 §3.1.1: length, blocklist, NFC)', () => {
  it.each(['violet tractor ocean 47', 'Tr0ub4dor&3x', '長いパスフレーズです', 'ab'.repeat(4)])('accepts %s', (good) => {
    expect(() => {
      checkPassphraseStrength(good);
    }).not.toThrow();
  });

  it.each(['', 'seven77', 'PASSWORD123', 'qwertyuiop', 'zzzzzzzzzzzz', '🔑🔑🔑🔑🔑🔑🔑🔑'])('refuses %j as weak', (weak) => {
    expect(() => {
      checkPassphraseStrength(weak);
    }).toThrow(expect.objectContaining({ name: 'CoreError', code: 'ERR_PASSPHRASE_WEAK' }));
  });

  it('counts code points, so 8 emoji are 8 characters', () => {
    expect(() => {
      checkPassphraseStrength('🔑🗝️🔒🔓🛡️⚙️');
    }).not.toThrow();
  });

  it('refuses more than 1024 characters', () => {
    expect(MIN_PASSPHRASE_LENGTH).toBe(8);
    expect(MAX_PASSPHRASE_LENGTH).toBe(1024);
    expect(() => {
      checkPassphraseStrength('correct horse '.repeat(80));
    }).toThrow(expect.objectContaining({ code: 'ERR_PASSPHRASE_TOO_LONG' }));
  });

  it('normalises to NFC, and judges the normalised form', () => {
    expect(normalizePassphrase('cafe\u0301')).toBe('caf\u00e9');
    // Seven code points once composed: NFD input must not pass the length rule on its extra marks.
    expect(() => {
      checkPassphraseStrength('e\u0301e\u0301e\u0301e\u0301ab');
    }).toThrow(expect.objectContaining({ code: 'ERR_PASSPHRASE_WEAK' }));
  });
});
