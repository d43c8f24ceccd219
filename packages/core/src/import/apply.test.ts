import { describe, expect, it } from 'vitest';
import { addGroup } from '../vault/groups.js';
import { orderedAccounts } from '../vault/order.js';
import { vaultWith } from '../vault/test-support/build.js';
import { deepFreeze, testContext } from '../vault/test-support/context.js';
import { applyImport, formatImportSummary } from './apply.js';
import { planImport } from './plan.js';
import { imported, parsedOf } from './test-support/parsed.js';

describe('applyImport', () => {
  it('appends the new accounts after the existing ones, in the export order, and reports every entry', () => {
    const vault = vaultWith([['Old', 'one'], ['Old', 'two']]);
    const parsed = parsedOf([imported('C', 'c', 3), 'unreadable', imported('A', 'a', 1), imported('c', 'C', 3)]);
    const { vault: next, report } = applyImport(vault, planImport(vault, parsed), testContext(1_800_000_000_000, 5));
    expect(orderedAccounts(next).map((a) => a.label)).toEqual(['one', 'two', 'c', 'a']);
    expect(report).toMatchObject({ format: 'otpauth', total: 4, imported: 2, duplicates: 1, failed: 1 });
    expect(report.lines.map((l) => l.outcome)).toEqual(['imported', 'failed', 'imported', 'duplicate']);
    expect(report.lines[1]).toMatchObject({ index: 2, reason: 'unreadable', code: 'ERR_IMPORT_ENTRY_INVALID' });
    expect(report.lines[0]?.accountId).toBe(orderedAccounts(next)[2]?.id);
    expect(formatImportSummary(report)).toBe('imported 2 of 4; 1 skipped as duplicates; 1 failed');
    expect(next.updatedAt).toBe(1_800_000_000_000);
  });

  it('keeps notes, favourites and icons, and creates groups by name once, reusing existing ones ignoring case', () => {
    const ctx = testContext();
    const base = addGroup(vaultWith([]), 'Work', ctx);
    const parsed = parsedOf([
      imported('A', 'a', 1, { groups: ['work', 'Home'], note: 'n', favourite: true, icon: { color: 'FF0000' } }),
      imported('B', 'b', 2, { groups: ['home'] }),
    ]);
    const { vault } = applyImport(base.vault, planImport(base.vault, parsed), ctx);
    expect(vault.groups.map((g) => g.name)).toEqual(['Work', 'Home']);
    const home = vault.groups[1]!.id;
    const [a, b] = orderedAccounts(vault);
    expect(a).toMatchObject({ groups: [base.group.id, home], note: 'n', favourite: true, icon: { color: 'FF0000' } });
    expect(b?.groups).toEqual([home]);
  });

  it('changes nothing when the same export is imported a second time', () => {
    const ctx = testContext();
    const parsed = parsedOf([imported('A', 'a', 1, { groups: ['G'] }), imported('B', 'b', 2), 'bad']);
    const first = applyImport(vaultWith([['X', 'x']]), planImport(vaultWith([['X', 'x']]), parsed), ctx).vault;
    const frozen = deepFreeze(first);
    const second = applyImport(frozen, planImport(frozen, parsed), ctx);
    expect(second.vault).toBe(frozen);
    expect(formatImportSummary(second.report)).toBe('imported 0 of 3; 2 skipped as duplicates; 1 failed');
    expect(second.report.lines[0]).toMatchObject({ outcome: 'duplicate', accountId: orderedAccounts(frozen)[1]?.id });
  });

  it('never modifies the vault it is given', () => {
    const vault = deepFreeze(vaultWith([['X', 'x']]));
    const { vault: next } = applyImport(vault, planImport(vault, parsedOf([imported('A', 'a', 1, { groups: ['G'] })])), testContext());
    expect(next).not.toBe(vault);
    expect(vault.accounts).toHaveLength(1);
  });

  it('checks duplicates again against the vault it applies to', () => {
    const ctx = testContext();
    const parsed = parsedOf([imported('A', 'a', 1), imported('B', 'b', 2)]);
    const plan = planImport(vaultWith([]), parsed);
    const changed = applyImport(vaultWith([]), planImport(vaultWith([]), parsedOf([imported('A', 'a', 1)])), ctx).vault;
    const { report } = applyImport(changed, plan, ctx);
    expect(report.lines.map((l) => l.outcome)).toEqual(['duplicate', 'imported']);
  });

  it('adds every copy with keepBoth', () => {
    const parsed = parsedOf([imported('A', 'a', 1), imported('A', 'a', 1)]);
    const vault = vaultWith([]);
    const { vault: next, report } = applyImport(vault, planImport(vault, parsed, { keepBoth: true }), testContext());
    expect(next.accounts).toHaveLength(2);
    expect(report.imported).toBe(2);
    expect(new Set(next.accounts.map((a) => a.position)).size).toBe(2);
  });
});
