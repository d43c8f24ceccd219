import { describe, expect, it } from 'vitest';
import { CoreError } from '../errors.js';
import { moveAccount, orderedAccounts } from './order.js';
import { findAccounts, resolveAccount } from './query.js';
import { vaultWith } from './test-support/build.js';

const vault = vaultWith([
  ['GitHub', 'alice'],
  ['GitHub', 'bob'],
  ['Google', 'alice@example.com'],
  ['', 'github-backup'],
  ['Git', 'carol'],
]);
const labels = (query: string): string[] => findAccounts(vault, query).map((a) => a.label);

function errorOf(run: () => unknown): CoreError {
  try {
    run();
  } catch (error) {
    if (error instanceof CoreError) return error;
    throw error;
  }
  throw new Error('expected a CoreError');
}

describe('findAccounts', () => {
  it('matches Issuer:Label exactly, ignoring case and spaces around the colon', () => {
    expect(labels('github:ALICE')).toEqual(['alice']);
    expect(labels('GitHub : bob')).toEqual(['bob']);
  });

  it('lets an exact issuer or label win over substrings', () => {
    expect(labels('github')).toEqual(['alice', 'bob']);
    expect(labels('git')).toEqual(['carol']);
    expect(labels('alice')).toEqual(['alice']);
    expect(labels('carol')).toEqual(['carol']);
  });

  it('falls back to a substring of "Issuer Label"', () => {
    expect(labels('example')).toEqual(['alice@example.com']);
    expect(labels('hub bo')).toEqual(['bob']);
    expect(labels('GITH')).toEqual(['alice', 'bob', 'github-backup']);
  });

  it('finds by full id, by id prefix of 4+ characters, and by #N', () => {
    const [first, second] = orderedAccounts(vault);
    expect(findAccounts(vault, first!.id.toUpperCase())).toEqual([first]);
    expect(findAccounts(vault, second!.id.slice(0, 8))).toEqual([second]);
    expect(findAccounts(vault, '#2')).toEqual([second]);
    expect(findAccounts(vault, '#6')).toEqual([]);
    expect(findAccounts(vault, '#0')).toEqual([]);
  });

  it('numbers #N by display order, not by array order', () => {
    const last = orderedAccounts(vault)[4]!;
    const moved = moveAccount(vault, last.id, 0, { now: 1 });
    expect(findAccounts(moved, '#1')).toEqual([orderedAccounts(moved)[0]]);
    expect(findAccounts(moved, '#1')[0]!.id).toBe(last.id);
  });

  it('matches nothing for an empty query', () => {
    expect(findAccounts(vault, '   ')).toEqual([]);
  });
});

describe('resolveAccount', () => {
  it('returns the single match', () => {
    expect(resolveAccount(vault, 'google').label).toBe('alice@example.com');
  });

  it('reports nothing found', () => {
    expect(errorOf(() => resolveAccount(vault, 'microsoft')).code).toBe('ERR_ACCOUNT_NOT_FOUND');
    expect(errorOf(() => resolveAccount(vault, '')).code).toBe('ERR_ACCOUNT_NOT_FOUND');
  });

  it('lists the candidates of an ambiguous query, and never a secret', () => {
    const error = errorOf(() => resolveAccount(vault, 'github'));
    expect(error.code).toBe('ERR_ACCOUNT_AMBIGUOUS');
    expect(error.message).toContain('#1 GitHub (alice)');
    expect(error.message).toContain('#2 GitHub (bob)');
    for (const account of vault.accounts) {
      if (account.kind === 'otp') expect(error.message).not.toContain(account.otp.secret);
    }
    expect(errorOf(() => resolveAccount(vault, 'gith')).message).toContain('#4 github-backup');
  });

  it('caps the candidate list', () => {
    const many = vaultWith(Array.from({ length: 13 }, (_, i) => ['Same', `user${i}`] as const));
    expect(errorOf(() => resolveAccount(many, 'same')).message).toMatch(/and 3 more\.$/);
  });
});
