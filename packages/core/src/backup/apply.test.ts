import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createVault } from '../vault/create.js';
import { decodeVault } from '../vault/decode.js';
import { removeAccount, renameAccount } from '../vault/edit-account.js';
import { encodeVault } from '../vault/encode.js';
import { addGroup, renameGroup } from '../vault/groups.js';
import { orderedAccounts } from '../vault/order.js';
import { otpOf } from '../vault/secret.js';
import { backupForm } from '../vault/work-account.js';
import { arbVault } from '../vault/test-support/arbitraries.js';
import { deepFreeze, PROPERTY, testContext } from '../vault/test-support/context.js';
import type { Account, Vault, WorkAccount } from '../vault/types.js';
import { applyRestore } from './apply.js';
import { compareSnapshotToVault } from './compare.js';
import { createSnapshot } from './create.js';
import { decodeSnapshot } from './decode.js';
import { encodeSnapshot } from './encode.js';
import { planRestore } from './plan.js';
import { formatRestoreSummary } from './report.js';
import { withoutRegistration } from './restore-draft.js';
import { arbSource, arbVaultAndSnapshot } from './test-support/arbitraries.js';
import { secretOtp, snapshotOf, vaultOf } from './test-support/fixtures.js';
import type { Snapshot } from './types.js';

const ctx = testContext(1_900_000_000_000, 42);
const runs = PROPERTY.runs(100, 1_000);
const names = [['GitHub', 'alice'], ['Google', 'bob'], ['Bank', 'carol']] as const;

function restore(local: Vault | undefined, snapshot: Snapshot, choices: Record<string, 'keep-local' | 'take-backup' | 'keep-both'> = {}) {
  return applyRestore(local === undefined ? undefined : deepFreeze(local), planRestore(local, snapshot), choices, ctx);
}

function counterOf(account: Account): number | undefined {
  const otp = otpOf(account);
  return otp?.type === 'hotp' ? otp.counter : undefined;
}

/** The account with its HOTP counter and updatedAt zeroed: what a restore must leave alone. */
function withoutCounter(account: Account): unknown {
  const otp = otpOf(account);
  const flat = otp?.type === 'hotp' ? { ...otp, counter: 0 } : otp;
  const inner = account.kind === 'otp' ? { otp: flat } : { work: { ...account.work, ...(flat === undefined ? {} : { otp: flat }) } };
  return { ...account, ...inner, updatedAt: 0 };
}

function labels(vault: Vault): string[] {
  return orderedAccounts(vault).map((a) => a.label);
}

describe('applyRestore onto a fresh device', () => {
  it('reproduces the vault exactly: id, accounts, order, groups, tombstones (property)', { timeout: PROPERTY.timeout }, () => {
    fc.assert(
      fc.property(arbVaultAndSnapshot(), fc.boolean(), ({ vault, snapshot }, emptyVault) => {
        const { vault: restored, report } = restore(emptyVault ? createVault(ctx) : undefined, snapshot);
        expect(restored.vaultId).toBe(vault.vaultId);
        expect(restored.accounts).toEqual(vault.accounts.map(backupForm).map(withoutRegistration));
        expect(restored.groups).toEqual(vault.groups);
        expect(restored.tombstones).toEqual(vault.tombstones);
        expect(decodeVault(encodeVault(restored))).toEqual(restored);
        expect(compareSnapshotToVault(snapshot, restored).matches).toBe(true);
        expect(report).toMatchObject({ expected: vault.accounts.length, failed: 0, conflicts: 0, present: 0, orderPreserved: true });
        expect(report.restored + report.needsSignIn).toBe(vault.accounts.length);
      }),
      { numRuns: runs },
    );
  });

  it('changes nothing the second time (dedupe on re-restore, property)', { timeout: PROPERTY.timeout }, () => {
    fc.assert(
      fc.property(arbVault({ maxAccounts: 5 }), arbVaultAndSnapshot({ maxAccounts: 5 }), ({ ...local }, { snapshot }) => {
        const once = restore(local, snapshot).vault;
        const twice = restore(once, snapshot);
        expect(twice.vault).toBe(once);
        expect(twice.report.restored + twice.report.needsSignIn + twice.report.failed).toBe(0);
      }),
      { numRuns: runs },
    );
  });

  it('never changes or drops a local account without a choice, except raising an HOTP counter (property)', { timeout: PROPERTY.timeout }, () => {
    fc.assert(
      fc.property(arbVault({ maxAccounts: 5 }), arbVaultAndSnapshot({ maxAccounts: 5 }), (local, { snapshot }) => {
        const { vault } = restore(local, snapshot);
        for (const before of local.accounts) {
          const after = vault.accounts.find((a) => a.id === before.id)!;
          expect(withoutCounter(after)).toEqual(withoutCounter(before));
          expect(counterOf(after) ?? 0).toBeGreaterThanOrEqual(counterOf(before) ?? 0);
        }
      }),
      { numRuns: runs },
    );
  });

  it('reports "restored N of N (order preserved)" and keeps the old work registration only as previousRegistrationId', () => {
    const backup = vaultOf(names);
    const work: WorkAccount = {
      id: '99999999-9999-4999-8999-999999999999', issuer: 'Contoso', label: 'me', groups: [], note: '', favourite: false, position: 9, createdAt: 0, updatedAt: 0, kind: 'work',
      work: { serverUrl: 'https://id.contoso.example', tenantId: 't', tenantName: 'Contoso', username: 'me', displayName: 'Me', registrationId: 'r1', allowSecretBackup: true, otp: secretOtp(9) },
    };
    const { vault, report } = restore(undefined, snapshotOf({ ...backup, accounts: [...backup.accounts, work] }));
    expect(formatRestoreSummary(report)).toBe('restored 4 of 4 (1 needs sign-in; order preserved)');
    expect(report.lines.at(-1)).toEqual({ position: 4, id: work.id, issuer: 'Contoso', label: 'me', status: 'needs-sign-in', reason: 'sign in to register this device' });
    const restoredWork = vault.accounts.at(-1)!;
    expect(restoredWork.kind === 'work' && restoredWork.work).toEqual({ ...work.work, registrationId: undefined, previousRegistrationId: 'r1' });
    expect(restoredWork.kind === 'work' && 'registrationId' in restoredWork.work).toBe(false);
    expect(decodeVault(encodeVault(vault)).accounts.at(-1)).toEqual(restoredWork);
  });

  it('keeps an older previousRegistrationId when the backup had no registration to strip', () => {
    const account = (work: WorkAccount['work']): WorkAccount => ({
      id: '99999999-9999-4999-8999-999999999999', issuer: 'Contoso', label: 'me', groups: [], note: '', favourite: false, position: 0, createdAt: 0, updatedAt: 0, kind: 'work', work,
    });
    const base = { serverUrl: 'https://id.contoso.example', tenantId: 't', tenantName: 'Contoso', username: 'me', displayName: 'Me' };
    expect(withoutRegistration(account({ ...base, previousRegistrationId: 'r0' }))).toEqual(account({ ...base, previousRegistrationId: 'r0' }));
    expect(withoutRegistration(account({ ...base, registrationId: 'r2', previousRegistrationId: 'r0' }))).toEqual(account({ ...base, previousRegistrationId: 'r2' }));
  });

  it('a work account\'s OATH secret is in the snapshot only where its organisation allows it', () => {
    const work = (allowSecretBackup?: boolean): WorkAccount => ({
      id: '99999999-9999-4999-8999-999999999999', issuer: 'Contoso', label: 'me', groups: [], note: '', favourite: false, position: 0, createdAt: 0, updatedAt: 0, kind: 'work',
      work: { serverUrl: 'https://id.contoso.example', tenantId: 't', tenantName: 'Contoso', username: 'me', displayName: 'Me', ...(allowSecretBackup === undefined ? {} : { allowSecretBackup }), otp: secretOtp(9) },
    });
    const source = { deviceId: 'laptop', deviceName: 'laptop', generation: 1, now: 0 };
    const inSnapshot = (account: WorkAccount): unknown => {
      const bytes = encodeSnapshot(createSnapshot({ ...createVault(ctx), accounts: [account] }, source));
      expect(new TextDecoder().decode(bytes).includes(secretOtp(9).secret)).toBe(account.work.allowSecretBackup === true);
      const taken = decodeSnapshot(bytes).accounts[0];
      return taken?.kind === 'work' ? taken.work.otp : 'not a work account';
    };
    expect(inSnapshot(work(true))).toEqual(secretOtp(9));
    expect(inSnapshot(work(false))).toBeUndefined();
    expect(inSnapshot(work())).toBeUndefined();
    // Restored over the vault it was taken of, the account is present: its kept secret is untouched.
    const local = { ...createVault(ctx), accounts: [work(false)] };
    const again = restore(local, createSnapshot(local, source));
    expect(again.vault).toBe(local);
    expect(again.report).toMatchObject({ present: 1, conflicts: 0 });
  });
});

describe('applyRestore into a vault in use', () => {
  it('adds new accounts after the existing ones in the backup’s order, merging groups by name', () => {
    const backup = vaultOf(names);
    const other = vaultOf([['Other', 'zed']], testContext(1, 3));
    const local = addGroup(renameGroup(other, other.groups[0]!.id, 'WORK', { now: 2 }), 'Home', testContext(2, 4)).vault;
    const { vault, report } = restore(local, snapshotOf(backup));
    expect(vault.vaultId).toBe(local.vaultId);
    expect(labels(vault)).toEqual(['zed', 'alice', 'bob', 'carol']);
    expect(vault.groups.map((g) => g.name)).toEqual(['WORK', 'Home']);
    const alice = orderedAccounts(vault)[1]!;
    expect(alice.groups).toEqual([local.groups[0]!.id]);
    expect(report).toMatchObject({ restored: 3, present: 0, orderPreserved: true });
    expect(formatRestoreSummary(report)).toBe('restored 3 of 3 (order preserved)');
  });

  it('leaves a conflict as the local account when no choice is made, and says what to choose', () => {
    const backup = vaultOf(names);
    const local = vaultOf([['GitHub', 'alice']], testContext(1, 8), () => secretOtp(50));
    const { vault, report } = restore(local, snapshotOf(backup));
    expect(orderedAccounts(vault)[0]).toEqual(orderedAccounts(local)[0]);
    expect(report.lines[0]).toMatchObject({ status: 'conflict', reason: '#1 here has the same issuer and label but is a different account; choose keep-local, take-backup, keep-both' });
    expect(formatRestoreSummary(report)).toBe('restored 2 of 3 (1 conflict kept local; order preserved)');
  });

  it('applies take-backup in place and keep-both next to it', () => {
    const backup = vaultOf(names);
    const conflicting: Vault = { ...backup, accounts: backup.accounts.map((a) => (a.kind === 'otp' ? { ...a, otp: secretOtp(a.position + 60), note: 'local' } : a)) };
    const [alice, bob, carol] = orderedAccounts(backup).map((a) => a.id) as [string, string, string];
    const plan = planRestore(conflicting, snapshotOf(backup));
    expect(plan.items.map((i) => i.status)).toEqual(['conflict', 'conflict', 'conflict']);
    const { vault, report } = applyRestore(deepFreeze(conflicting), plan, { [alice]: 'take-backup', [bob]: 'keep-both', [carol]: 'keep-local' }, ctx);
    const order = orderedAccounts(vault);
    expect(order.map((a) => [a.label, a.note])).toEqual([['alice', ''], ['bob', 'local'], ['carol', 'local'], ['bob', '']]);
    expect(order[0]).toMatchObject({ id: alice, position: 0 });
    expect(otpOf(order[0]!)).toEqual(otpOf(orderedAccounts(backup)[0]!));
    expect(order[3]!.id).not.toBe(bob);
    expect(report.lines.map((l) => [l.status, l.reason])).toEqual([
      ['restored', 'replaced the local account #1 (take-backup)'],
      ['restored', 'added next to the local account #2 (keep-both)'],
      ['conflict', 'kept the local account #3 (keep-local)'],
    ]);
    // Resolved conflicts stay resolved: the backup's accounts are now present.
    expect(restore(vault, snapshotOf(backup)).vault).toBe(vault);
  });

  it('raises a lower HOTP counter and reports it', () => {
    const hotp = (counter: number) => () => ({ type: 'hotp' as const, secret: 'JBSWY3DPEHPK3PXP', algorithm: 'SHA1' as const, digits: 6, counter });
    const backup = vaultOf([['Bank', 'me']], testContext(), hotp(12));
    const local = vaultOf([['Bank', 'me']], testContext(1, 6), hotp(3));
    const { vault, report } = restore(local, snapshotOf(backup));
    expect(vault.accounts[0]).toMatchObject({ otp: { counter: 12 }, updatedAt: ctx.now });
    expect(report.lines[0]).toMatchObject({ status: 'present', reason: 'HOTP counter raised to 12 from the backup' });
  });

  it('brings back an account deleted here, dropping its tombstone', () => {
    const backup = vaultOf(names);
    const carol = orderedAccounts(backup)[2]!;
    const local = removeAccount(backup, carol.id, { now: 5 });
    const { vault, report } = restore(local, snapshotOf(backup));
    expect(vault.accounts.find((a) => a.id === carol.id)).toMatchObject({ label: 'carol', position: 2 });
    expect(vault.tombstones).toEqual([]);
    expect(report.lines[2]).toMatchObject({ status: 'restored', reason: 'had been deleted on this device' });
  });

  it('reports a choice as failed when the vault changed since the plan', () => {
    const backup = vaultOf(names);
    const local = vaultOf([['GitHub', 'alice'], ['Other', 'x']], testContext(1, 8), (i) => secretOtp(70 + i));
    const plan = planRestore(local, snapshotOf(backup));
    const [first, second] = orderedAccounts(local) as [Account, Account];
    // Meanwhile the clashing account was renamed away and another one took its name.
    let changed = renameAccount(local, first.id, { label: 'old alice' }, { now: 9 });
    changed = renameAccount(changed, second.id, { issuer: 'GitHub', label: 'alice' }, { now: 9 });
    const { vault, report } = applyRestore(changed, plan, { [orderedAccounts(backup)[0]!.id]: 'take-backup' }, ctx);
    expect(report.lines[0]).toMatchObject({ status: 'failed', reason: expect.stringContaining('plan the restore again') as string });
    expect(vault.accounts.find((a) => a.id === second.id)).toEqual(changed.accounts.find((a) => a.id === second.id));
  });

  it('refuses choices that do not fit the plan as caller mistakes', () => {
    const backup = vaultOf(names);
    const plan = planRestore(backup, snapshotOf(backup));
    expect(() => applyRestore(backup, plan, { [backup.accounts[0]!.id]: 'keep-both' }, ctx)).toThrow(RangeError);
    const clash = vaultOf([['GitHub', 'alice']], testContext(1, 8), () => secretOtp(50));
    const clashPlan = planRestore(clash, snapshotOf(backup));
    const id = orderedAccounts(backup)[0]!.id;
    expect(() => applyRestore(clash, clashPlan, { [id]: 'overwrite' as 'keep-both' }, ctx)).toThrow(RangeError);
    expect(() => applyRestore(clash, clashPlan, {}, { ...ctx, now: -1 })).toThrow(RangeError);
  });

  it('restores a snapshot of any device into any vault without losing an account of either (property)', { timeout: PROPERTY.timeout }, () => {
    fc.assert(
      fc.property(arbVault({ maxAccounts: 5 }), arbVault({ maxAccounts: 5 }), arbSource, (local, backup, source) => {
        const snapshot = createSnapshot(backup, source);
        const { vault, report } = restore(local, snapshot);
        expect(vault.accounts.length).toBe(local.accounts.length + report.restored + report.needsSignIn);
        expect(report.lines).toHaveLength(snapshot.manifest.count);
        expect(decodeVault(encodeVault(vault))).toEqual(vault);
      }),
      { numRuns: runs },
    );
  });
});
