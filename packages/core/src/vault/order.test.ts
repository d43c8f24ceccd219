import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addAccount } from './add-account.js';
import { removeAccount } from './edit-account.js';
import { moveAccount, orderedAccounts } from './order.js';
import { arbVault } from './test-support/arbitraries.js';
import { vaultWith } from './test-support/build.js';
import { deepFreeze, PROPERTY, testContext, totp } from './test-support/context.js';
import type { Account, Vault } from './types.js';

const runs = PROPERTY.runs(100, 2_000);
const later = { now: 1_800_000_000_000 };

function positionsAreUnique(vault: Vault): boolean {
  return new Set(vault.accounts.map((a) => a.position)).size === vault.accounts.length;
}

describe('orderedAccounts', () => {
  it('sorts by position, then by id', () => {
    const vault = vaultWith([['A', 'a'], ['B', 'b'], ['C', 'c']]);
    const [a, b, c] = vault.accounts as [Account, Account, Account];
    const shuffled: Vault = { ...vault, accounts: [{ ...c, position: 0 }, b, { ...a, position: 5 }] };
    expect(orderedAccounts(shuffled).map((x) => x.issuer)).toEqual(['C', 'B', 'A']);
    const tie: Vault = { ...vault, accounts: [{ ...b, id: 'ffffffff-0000-4000-8000-000000000000', position: 1 }, { ...a, id: '00000000-0000-4000-8000-000000000000', position: 1 }] };
    expect(orderedAccounts(tie).map((x) => x.issuer)).toEqual(['A', 'B']);
  });
});

describe('moveAccount', () => {
  it('moves to the given index and renumbers 0…n−1', () => {
    const vault = vaultWith([['A', 'a'], ['B', 'b'], ['C', 'c'], ['D', 'd']]);
    const next = moveAccount(vault, orderedAccounts(vault)[3]!.id, 1, later);
    expect(orderedAccounts(next).map((a) => [a.issuer, a.position])).toEqual([['A', 0], ['D', 1], ['B', 2], ['C', 3]]);
    expect(orderedAccounts(next)[0]).toBe(orderedAccounts(vault)[0]);
    expect(orderedAccounts(next)[2]!.updatedAt).toBe(later.now);
  });

  it('refuses an index outside the list', () => {
    const vault = vaultWith([['A', 'a'], ['B', 'b']]);
    const id = vault.accounts[0]!.id;
    for (const bad of [-1, 2, 0.5, Number.NaN]) {
      expect(() => moveAccount(vault, id, bad, later)).toThrow(RangeError);
    }
  });

  it('is a permutation with unique dense positions and the account where asked', { timeout: PROPERTY.timeout }, () => {
    fc.assert(
      fc.property(
        arbVault({ maxAccounts: 10 }).filter((v) => v.accounts.length > 0),
        fc.nat(),
        fc.nat(),
        (vault, pick, to) => {
          deepFreeze(vault);
          const id = vault.accounts[pick % vault.accounts.length]!.id;
          const toIndex = to % vault.accounts.length;
          const next = moveAccount(vault, id, toIndex, later);
          const order = orderedAccounts(next);
          expect(order.map((a) => a.position)).toEqual(order.map((_, i) => i));
          expect(order[toIndex]!.id).toBe(id);
          expect(new Set(order.map((a) => a.id))).toEqual(new Set(vault.accounts.map((a) => a.id)));
          const before = orderedAccounts(vault).filter((a) => a.id !== id).map((a) => a.id);
          expect(order.filter((a) => a.id !== id).map((a) => a.id)).toEqual(before);
        },
      ),
      { numRuns: runs },
    );
  });
});

describe('remove and add', () => {
  it('keep positions unique and put new accounts last', { timeout: PROPERTY.timeout }, () => {
    fc.assert(
      fc.property(arbVault({ maxAccounts: 8 }), fc.array(fc.oneof(fc.constant('add' as const), fc.nat()), { maxLength: 12 }), (start, steps) => {
        const ctx = testContext(later.now, 7);
        let vault = deepFreeze(start);
        let n = 0;
        for (const step of steps) {
          if (step === 'add') {
            const secret = `GEZDGNBV${'ABCDEFGH'[n % 8]!}`;
            const { vault: next, account } = addAccount(vault, { issuer: 'New', label: `n${n++}`, otp: totp(secret) }, { ...ctx, allowDuplicate: true });
            expect(orderedAccounts(next).at(-1)!.id).toBe(account.id);
            vault = deepFreeze(next);
          } else if (vault.accounts.length > 0) {
            vault = deepFreeze(removeAccount(vault, vault.accounts[step % vault.accounts.length]!.id, later));
          }
          expect(positionsAreUnique(vault)).toBe(true);
        }
      }),
      { numRuns: runs },
    );
  });
});
