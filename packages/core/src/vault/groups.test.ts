import { describe, expect, it } from 'vitest';
import { createVault } from './create.js';
import { addGroup, removeGroup, renameGroup, resolveGroup, setAccountGroups } from './groups.js';
import { vaultWith } from './test-support/build.js';
import { codeOf, deepFreeze, testContext } from './test-support/context.js';

const ctx = testContext();
const later = { now: ctx.now + 1000 };

describe('groups', () => {
  it('adds groups with unique names ignoring case', () => {
    const { vault, group } = addGroup(deepFreeze(createVault(ctx)), '  Work ', ctx);
    expect(group.name).toBe('Work');
    expect(vault.groups).toEqual([group]);
    expect(codeOf(() => addGroup(deepFreeze(vault), 'WORK', ctx))).toBe('ERR_GROUP_INVALID');
    expect(codeOf(() => addGroup(vault, ' ', ctx))).toBe('ERR_GROUP_INVALID');
    expect(codeOf(() => addGroup(vault, 'x'.repeat(65), ctx))).toBe('ERR_GROUP_INVALID');
    expect(codeOf(() => addGroup(vault, 'a\u0000b', ctx))).toBe('ERR_GROUP_INVALID');
  });

  it('refuses a group name with an invisible formatting character', () => {
    expect(() => addGroup(deepFreeze(createVault(testContext())), 'Wo\u200Brk', testContext())).toThrow(
      expect.objectContaining({ code: 'ERR_GROUP_INVALID' }) as Error,
    );
  });

  it('renames, allowing a change of case of the same group', () => {
    let vault = addGroup(createVault(ctx), 'Work', ctx).vault;
    const work = vault.groups[0]!;
    vault = deepFreeze(addGroup(vault, 'Home', ctx).vault);
    expect(renameGroup(vault, work.id, 'WORK', later).groups[0]).toEqual({ id: work.id, name: 'WORK' });
    expect(codeOf(() => renameGroup(vault, work.id, 'home', later))).toBe('ERR_GROUP_INVALID');
    expect(codeOf(() => renameGroup(vault, 'missing', 'x', later))).toBe('ERR_GROUP_NOT_FOUND');
  });

  it('sets membership and removes it with the group', () => {
    const accounts = vaultWith([['A', 'a'], ['B', 'b']]);
    const { vault: withWork, group: work } = addGroup(accounts, 'Work', ctx);
    const { vault: withBoth, group: home } = addGroup(withWork, 'Home', ctx);
    const [a, b] = withBoth.accounts;
    let vault = deepFreeze(setAccountGroups(withBoth, a!.id, [work.id, home.id, work.id], later));
    vault = deepFreeze(setAccountGroups(vault, b!.id, [home.id], later));
    expect(vault.accounts[0]).toMatchObject({ groups: [work.id, home.id], updatedAt: later.now });
    const removed = removeGroup(vault, home.id, { now: later.now + 1 });
    expect(removed.groups).toEqual([work]);
    expect(removed.accounts.map((x) => x.groups)).toEqual([[work.id], []]);
    expect(removed.accounts.map((x) => x.updatedAt)).toEqual([later.now + 1, later.now + 1]);
    expect(codeOf(() => setAccountGroups(vault, a!.id, ['nope'], later))).toBe('ERR_GROUP_NOT_FOUND');
    expect(codeOf(() => setAccountGroups(vault, 'nope', [], later))).toBe('ERR_ACCOUNT_NOT_FOUND');
    expect(codeOf(() => removeGroup(removed, home.id, later))).toBe('ERR_GROUP_NOT_FOUND');
  });

  it('resolves by id or by name ignoring case', () => {
    const { vault, group } = addGroup(createVault(ctx), 'Work Stuff', ctx);
    expect(resolveGroup(vault, group.id)).toBe(group);
    expect(resolveGroup(vault, ' work stuff ')).toBe(group);
    expect(codeOf(() => resolveGroup(vault, 'play'))).toBe('ERR_GROUP_NOT_FOUND');
  });
});
