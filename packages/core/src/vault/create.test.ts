import { describe, expect, it } from 'vitest';
import { createVault } from './create.js';
import { seededRandom } from './test-support/context.js';

describe('createVault', () => {
  it('makes an empty version 1 vault with a random id', () => {
    const vault = createVault({ now: 42, random: seededRandom(3) });
    expect(vault).toEqual({ version: 1, vaultId: expect.stringMatching(/^[0-9a-f-]{36}$/) as string, accounts: [], groups: [], tombstones: [], updatedAt: 42 });
    expect(createVault({ now: 42, random: seededRandom(4) }).vaultId).not.toBe(vault.vaultId);
  });

  it('refuses a clock that is not epoch milliseconds', () => {
    for (const now of [-1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 2]) {
      expect(() => createVault({ now, random: seededRandom() })).toThrow(RangeError);
    }
  });
});
