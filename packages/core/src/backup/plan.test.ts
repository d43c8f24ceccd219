import { describe, expect, it } from 'vitest';
import { createVault } from '../vault/create.js';
import { advanceHotpCounter, removeAccount, renameAccount } from '../vault/edit-account.js';
import { orderedAccounts } from '../vault/order.js';
import { testContext } from '../vault/test-support/context.js';
import type { Account, Vault, WorkAccount } from '../vault/types.js';
import { planRestore } from './plan.js';
import { secretOtp, snapshotOf, vaultOf } from './test-support/fixtures.js';

const later = { now: 1_800_000_000_000 };
const names = [['GitHub', 'alice'], ['Google', 'bob'], ['Bank', 'carol']] as const;
const hotp = (counter: number) => ({ type: 'hotp' as const, secret: 'JBSWY3DPEHPK3PXP', algorithm: 'SHA1' as const, digits: 6, counter });

function at(vault: Vault, index: number): Account {
  return orderedAccounts(vault)[index]!;
}

function statuses(local: Vault | undefined, backup: Vault): string[] {
  return planRestore(local, snapshotOf(backup)).items.map((item) => (item.status === 'conflict' ? `conflict:${item.reason}` : item.status));
}

describe('planRestore', () => {
  it('plans every account as new, in the backup’s order, when there is no vault', () => {
    const backup = vaultOf(names);
    const plan = planRestore(undefined, snapshotOf(backup));
    expect(plan.fresh).toBe(true);
    expect(plan.items.map((i) => [i.position, i.account.label, i.status, i.needsSignIn])).toEqual([
      [1, 'alice', 'new', false],
      [2, 'bob', 'new', false],
      [3, 'carol', 'new', false],
    ]);
    expect(planRestore(createVault(testContext()), snapshotOf(backup)).fresh).toBe(true);
  });

  it('finds accounts already present by id, and notes metadata that differs', () => {
    const backup = vaultOf(names);
    const local = renameAccount(backup, at(backup, 1).id, { label: 'bobby' }, later);
    const plan = planRestore(local, snapshotOf(backup));
    expect(plan.fresh).toBe(false);
    expect(plan.items.map((i) => i.status)).toEqual(['present', 'present', 'present']);
    expect(plan.items[1]).toMatchObject({ status: 'present', local: { id: at(backup, 1).id, label: 'bobby', position: 2 }, differences: ['label'] });
  });

  it('dedupes by fingerprint: the same account under another id is present', () => {
    const backup = vaultOf(names);
    const local = vaultOf(names, testContext(1, 77));
    expect(at(local, 0).id).not.toBe(at(backup, 0).id);
    expect(statuses(local, backup)).toEqual(['present', 'present', 'present']);
  });

  it('raises a lower local HOTP counter to the backup’s, never lowers it', () => {
    const backup = vaultOf([['Bank', 'me']], testContext(), () => hotp(10));
    const behind = vaultOf([['Bank', 'me']], testContext(), () => hotp(4));
    expect(planRestore(behind, snapshotOf(backup)).items[0]).toMatchObject({ status: 'present', raiseCounterTo: 10, differences: ['counter'] });
    const ahead = advanceHotpCounter(backup, at(backup, 0).id, later).vault;
    const item = planRestore(ahead, snapshotOf(backup)).items[0]!;
    expect(item).toMatchObject({ status: 'present', differences: ['counter'] });
    expect('raiseCounterTo' in item).toBe(false);
  });

  it('reports a conflict for the same id with another secret, and for the same names with another secret', () => {
    const backup = vaultOf(names);
    const sameId: Vault = { ...backup, accounts: backup.accounts.map((a, i) => (i === 0 && a.kind === 'otp' ? { ...a, otp: secretOtp(40) } : a)) };
    const sameName = vaultOf([['github', 'ALICE']], testContext(1, 5), () => secretOtp(41));
    const [first] = planRestore(sameId, snapshotOf(backup)).items;
    expect(first).toMatchObject({ status: 'conflict', reason: 'same-id', differences: ['otp'], choices: ['keep-local', 'take-backup', 'keep-both'] });
    expect(statuses(sameName, backup)).toEqual(['conflict:same-name', 'new', 'new']);
  });

  it('marks accounts deleted here since the backup, and work accounts that will need sign-in', () => {
    const backup = vaultOf(names);
    const local = removeAccount(backup, at(backup, 2).id, later);
    expect(planRestore(local, snapshotOf(backup)).items[2]).toMatchObject({ status: 'new', deletedLocallyAt: later.now });
    const source = at(backup, 0);
    const work: WorkAccount = {
      id: source.id, issuer: 'Contoso', label: 'me', groups: [], note: '', favourite: false, position: 0, createdAt: 0, updatedAt: 0, kind: 'work',
      work: { serverUrl: 'https://id.contoso.example', tenantId: 't', tenantName: 'Contoso', username: 'me', displayName: 'Me', registrationId: 'r1' },
    };
    const withWork: Vault = { ...backup, accounts: [work], groups: [] };
    expect(planRestore(undefined, snapshotOf(withWork)).items[0]).toMatchObject({ status: 'new', needsSignIn: true });
    expect(planRestore(withWork, snapshotOf(withWork)).items[0]).toMatchObject({ status: 'present', needsSignIn: false });
  });

  it('compares a local work account as a backup holds it: an OATH secret kept out of backups is no difference', () => {
    const base = vaultOf(names);
    const work = (username: string): WorkAccount => ({
      id: at(base, 0).id, issuer: 'Contoso', label: 'me', groups: [], note: '', favourite: false, position: 0, createdAt: 0, updatedAt: 0, kind: 'work',
      work: { serverUrl: 'https://id.contoso.example', tenantId: 't', tenantName: 'Contoso', username, displayName: 'Me', otp: secretOtp(7) },
    });
    const local: Vault = { ...base, accounts: [work('me')], groups: [] };
    expect(planRestore(local, snapshotOf(local)).items[0]).toMatchObject({ status: 'present', differences: [] });
    const renamed: Vault = { ...base, accounts: [work('someone-else')], groups: [] };
    expect(planRestore(local, snapshotOf(renamed)).items[0]).toMatchObject({ status: 'conflict', reason: 'same-id', differences: ['work'] });
  });
});
