import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.js';
import { isServerError } from '../errors.js';
import { hashPassword, needsRehash, verifyPassword } from './hash.js';
import { checkPasswordPolicy } from './policy.js';

const { config } = loadConfig({ TESSERA_SERVER_DATA_DIR: '/nonexistent-test-data' });
const ctx = { config };
const stronger = { config: { ...config, argon2: { ...config.argon2, iterations: 3 } } };

function policyCode(password: string, context?: { email?: string; displayName?: string }): string | undefined {
  try {
    checkPasswordPolicy(password, context);
    return undefined;
  } catch (error) {
    return isServerError(error) ? error.code : 'unexpected';
  }
}

describe('password policy (NIST 800-63B §3.1.1)', () => {
  it('counts code points after NFC: 8 is the floor, 256 the ceiling', () => {
    expect(policyCode('Zq4!rT9')).toBe('ERR_PASSWORD_POLICY');
    expect(policyCode('Zq4!rT9w')).toBeUndefined();
    // 7 composed "é" written decomposed (14 UTF-16 units) is still 7 characters.
    expect(policyCode('e\u0301'.repeat(3) + 'xkcd')).toBe('ERR_PASSWORD_POLICY');
    expect(policyCode('🦊🐙🦉🐢🦀🐝🦑🐌')).toBeUndefined();
    expect(policyCode('ab'.repeat(128))).toBeUndefined();
    expect(policyCode('ab'.repeat(128) + 'c')).toBe('ERR_PASSWORD_POLICY');
  });

  it('has no composition rules: a long all-lower-case passphrase passes', () => {
    expect(policyCode('plum orbit lantern gravel')).toBeUndefined();
  });

  it('blocks common passwords whatever their case', () => {
    for (const common of ['password', 'Password1', '12345678', 'qwertyuiop', 'iloveyou', 'BASEBALL']) {
      expect(policyCode(common), common).toBe('ERR_PASSWORD_POLICY');
    }
  });

  it('blocks the account\'s own name and email', () => {
    const context = { email: 'ada.lovelace@example.org', displayName: 'Ada Lovelace' };
    expect(policyCode('ada.lovelace@example.org', context)).toBe('ERR_PASSWORD_POLICY');
    expect(policyCode('lovelace', context)).toBe('ERR_PASSWORD_POLICY');
    expect(policyCode('Lovelace2026!', context)).toBe('ERR_PASSWORD_POLICY');
    expect(policyCode('adalovelace', context)).toBe('ERR_PASSWORD_POLICY');
    expect(policyCode('analytical engine notes', context)).toBeUndefined();
  });

  it('never says anything but ERR_PASSWORD_POLICY, and never echoes the password (property)', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300, unit: 'binary' }), (password) => {
      try {
        checkPasswordPolicy(password, { email: 'x@example.org' });
      } catch (error) {
        expect(isServerError(error, 'ERR_PASSWORD_POLICY')).toBe(true);
        if (password.length >= 4) expect((error as Error).message).not.toContain(password);
      }
    }), { numRuns: 200 });
  });
});

describe('Argon2id storage', () => {
  it('hashes as Argon2id PHC with the configured parameters and verifies', async () => {
    const phc = await hashPassword(ctx, 'plum orbit lantern gravel');
    expect(phc).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(ctx, phc, 'plum orbit lantern gravel')).toEqual({ ok: true, rehash: undefined });
    expect(await verifyPassword(ctx, phc, 'plum orbit lantern grave')).toEqual({ ok: false, rehash: undefined });
  });

  it('treats NFC and NFD spellings as the same password', async () => {
    const phc = await hashPassword(ctx, 'caf\u00e9 au lait du matin');
    expect((await verifyPassword(ctx, phc, 'cafe\u0301 au lait du matin')).ok).toBe(true);
  });

  it('returns a rehash when the parameters changed, and the rehash uses the new ones', async () => {
    const old = await hashPassword(ctx, 'plum orbit lantern gravel');
    expect(needsRehash(stronger, old)).toBe(true);
    const result = await verifyPassword(stronger, old, 'plum orbit lantern gravel');
    expect(result.ok).toBe(true);
    expect(result.rehash).toMatch(/^\$argon2id\$v=19\$m=19456,t=3,p=1\$/);
    expect(needsRehash(stronger, result.rehash ?? '')).toBe(false);
    expect((await verifyPassword(stronger, result.rehash ?? '', 'plum orbit lantern gravel')).rehash).toBeUndefined();
    // A wrong password never yields a rehash.
    expect((await verifyPassword(stronger, old, 'wrong')).rehash).toBeUndefined();
  });

  it('a missing hash (unknown user) and a malformed one always fail', async () => {
    expect(await verifyPassword(ctx, null, 'anything at all')).toEqual({ ok: false, rehash: undefined });
    expect(await verifyPassword(ctx, 'not-a-phc-string', 'anything at all')).toEqual({ ok: false, rehash: undefined });
  });
});
