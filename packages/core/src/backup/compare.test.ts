import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { advanceHotpCounter, removeAccount, renameAccount, updateAccount } from '../vault/edit-account.js';
import { addGroup, setAccountGroups } from '../vault/groups.js';
import { moveAccount, orderedAccounts } from '../vault/order.js';
import { PROPERTY, testContext } from '../vault/test-support/context.js';
import type { Vault } from '../vault/types.js';
import { compareSnapshotToVault } from './compare.js';
import { arbVaultAndSnapshot } from './test-support/arbitraries.js';
import { snapshotOf, vaultOf } from './test-support/fixtures.js';

const later = { now: 1_800_000_000_000 };
const ctx = testContext(later.now, 9);
const names = [['GitHub', 'alice'], ['Google', 'bob'], ['Bank', 'carol']] as const;

function idAt(vault: Vault, index: number): string {
  return orderedAccounts(vault)[index]!.id;
}

describe('compareSnapshotToVault (backup verify)', () => {
  it('matches the vault a snapshot was taken of (property)', () => {
    fc.assert(
      fc.property(arbVaultAndSnapshot(), ({ vault, snapshot }) => {
        expect(compareSnapshotToVault(snapshot, vault)).toEqual({ matches: true, missing: [], extra: [], changed: [], orderDiffers: false, groupsDiffer: false });
      }),
      { numRuns: PROPERTY.runs(100, 1_000) },
    );
  });

  it('lists accounts added since the backup as missing from it, and deleted ones as extra', () => {
    const vault = vaultOf(names);
    const snapshot = snapshotOf(removeAccount(vault, idAt(vault, 1), later));
    const result = compareSnapshotToVault(snapshot, removeAccount(vault, idAt(vault, 2), later));
    expect(result.matches).toBe(false);
    expect(result.missing).toEqual([{ id: idAt(vault, 1), issuer: 'Google', label: 'bob', position: 2 }]);
    expect(result.extra).toEqual([{ id: idAt(vault, 2), issuer: 'Bank', label: 'carol', position: 2 }]);
  });

  it('names every field a restore brings back when it differs', () => {
    const vault = vaultOf(names, testContext(), (i) => (i === 0 ? { type: 'hotp', secret: 'JBSWY3DPEHPK3PXP', algorithm: 'SHA1', digits: 6, counter: 1 } : { type: 'totp', secret: 'GEZDGNBVGY3TQOJQ', algorithm: 'SHA1', digits: 6, period: 30 }));
    const [a, b] = [idAt(vault, 0), idAt(vault, 1)];
    let edited = advanceHotpCounter(vault, a, later).vault;
    edited = updateAccount(edited, a, { note: 'new note', favourite: true, icon: { color: 'FF0000' } }, later);
    edited = renameAccount(edited, b, { issuer: 'Alphabet' }, later);
    const other = addGroup(edited, 'Home', ctx);
    edited = setAccountGroups(other.vault, a, [other.group.id], later);
    const result = compareSnapshotToVault(snapshotOf(vault), edited);
    expect(result.changed.map((c) => [c.vault.label, c.fields])).toEqual([
      ['alice', ['counter', 'icon', 'groups', 'note', 'favourite']],
      ['bob', ['issuer']],
    ]);
    expect(result.groupsDiffer).toBe(true);
    expect(result.missing).toEqual([]);
  });

  it('pairs an account re-added under a new id by its fingerprint', () => {
    const vault = vaultOf(names);
    const copy = { ...vault, accounts: vault.accounts.map((a, i) => (i === 1 ? { ...a, id: '99999999-9999-4999-8999-999999999999' } : a)) };
    expect(compareSnapshotToVault(snapshotOf(vault), copy).matches).toBe(true);
  });

  it('reports a different order', () => {
    const vault = vaultOf(names);
    const moved = moveAccount(vault, idAt(vault, 2), 0, later);
    const result = compareSnapshotToVault(snapshotOf(vault), moved);
    expect(result).toMatchObject({ matches: false, orderDiffers: true, changed: [], missing: [], extra: [] });
  });

  it('ignores a work account’s device registration, which is never restored', () => {
    const vault = vaultOf([['Contoso', 'me']]);
    const source = vault.accounts[0]!;
    const work = (registrationId?: string): Vault => ({
      ...vault,
      accounts: [{
        id: source.id, issuer: 'Contoso', label: 'me', groups: [], note: '', favourite: false, position: 0, createdAt: 0, updatedAt: 0, kind: 'work',
        work: { serverUrl: 'https://id.contoso.example', tenantId: 't', tenantName: 'Contoso', username: 'me', displayName: 'Me', ...(registrationId === undefined ? {} : { registrationId }) },
      }],
    });
    expect(compareSnapshotToVault(snapshotOf(work('reg-1')), work()).matches).toBe(true);
  });
});
