import { describe, expect, it } from 'vitest';
import { checkPassphraseStrength, normalizePassphrase } from './passphrase-policy.js';

describe('app-lock passphrase policy', () => {
  it.each(['violet tractor ocean 47', 'Tr0ub4dor&3x', '長いパスフレーズです', 'ab'.repeat(4)])('accepts %s', (good) => {
    expect(() => {
      checkPassphraseStrength(good);
    }).not.toThrow();
  });

  it.each(['', 'seven77', 'PASSWORD123', 'qwertyuiop', 'zzzzzzzzzzzz', '🔑🔑🔑🔑🔑🔑🔑🔑'])('refuses %j as weak', (weak) => {
    expect(() => {
      checkPassphraseStrength(weak);
    }).toThrow(expect.objectContaining({ code: 'ERR_PASSPHRASE_WEAK' }));
  });

  it('counts code points, so 8 emoji are 8 characters', () => {
    expect(() => {
      checkPassphraseStrength('🔑🗝️🔒🔓🛡️⚙️');
    }).not.toThrow();
  });

  it('refuses more than 1024 characters', () => {
    expect(() => {
      checkPassphraseStrength('correct horse '.repeat(80));
    }).toThrow(expect.objectContaining({ code: 'ERR_PASSPHRASE_TOO_LONG' }));
  });

  it('normalises to NFC', () => {
    expect(normalizePassphrase('cafe\u0301')).toBe('caf\u00e9');
  });
});
