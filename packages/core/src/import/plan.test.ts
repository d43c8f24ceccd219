import { describe, expect, it } from 'vitest';
import { addAccount } from '../vault/add-account.js';
import { vaultWith } from '../vault/test-support/build.js';
import { testContext } from '../vault/test-support/context.js';
import { planImport } from './plan.js';
import { imported, parsedOf } from './test-support/parsed.js';

describe('planImport', () => {
  it('adds new accounts in the export order and carries failures through', () => {
    const plan = planImport(undefined, parsedOf([imported('A', 'a', 1), 'bad secret', imported('B', 'b', 2)], ['note']));
    expect(plan.items.map((i) => [i.index, i.action])).toEqual([[1, 'add'], [2, 'failed'], [3, 'add']]);
    expect(plan.items[1]).toMatchObject({ code: 'ERR_IMPORT_ENTRY_INVALID', reason: 'bad secret' });
    expect(plan.warnings).toEqual(['note']);
    expect(plan.keepBoth).toBe(false);
  });

  it('skips an account the vault holds by its duplicate rule: same secret bytes, names ignoring case', () => {
    const ctx = testContext();
    const account = imported('GitHub', 'alice', 9);
    const vault = addAccount(vaultWith([['X', 'y']]), { ...account, otp: { ...account.otp, secret: account.otp.secret.toLowerCase() } }, ctx).vault;
    const plan = planImport(vault, parsedOf([imported('github', 'ALICE', 9), imported('GitHub', 'alice', 10), imported('GitHub', 'bob', 9)]));
    const existing = vault.accounts.find((a) => a.issuer === 'GitHub')!;
    expect(plan.items[0]).toMatchObject({ action: 'duplicate', existingId: existing.id, reason: 'already in the vault as GitHub (alice)' });
    expect(plan.items.slice(1).map((i) => i.action)).toEqual(['add', 'add']);
  });

  it('skips an account that appears twice in the same export, naming the first', () => {
    const plan = planImport(undefined, parsedOf([imported('A', 'a', 1), imported('B', 'b', 2), imported('a', 'A', 1)]));
    expect(plan.items[2]).toMatchObject({ action: 'duplicate', reason: 'the same account as A (a), earlier in this file' });
    expect(plan.items[2]).not.toHaveProperty('existingId');
  });

  it('adds duplicates with keepBoth, saying what they duplicate', () => {
    const vault = vaultWith([]);
    const withA = addAccount(vault, imported('A', 'a', 1), testContext()).vault;
    const plan = planImport(withA, parsedOf([imported('A', 'a', 1), imported('A', 'a', 1)]), { keepBoth: true });
    expect(plan.items.map((i) => i.action)).toEqual(['add', 'add']);
    expect(plan.items[0]).toMatchObject({ duplicateOf: 'already in the vault as A (a)' });
    expect(plan.keepBoth).toBe(true);
  });
});
