import { describe, expect, it } from 'vitest';
import { addAccount } from './add-account.js';
import { createVault } from './create.js';
import { decodeVault } from './decode.js';
import { encodeVault } from './encode.js';
import { orderedAccounts } from './order.js';
import { codeOf, deepFreeze, testContext, totp } from './test-support/context.js';
import type { Vault, WorkDetails } from './types.js';
import { addWorkAccount, backupForm, findWorkAccount, setWorkRegistration, updateWorkDetails } from './work-account.js';

const ctx = testContext();
const WORK: WorkDetails = { serverUrl: 'https://id.example.org', tenantId: 'example.org', tenantName: 'Example Org', username: 'ada@example.org', displayName: 'Ada', registrationId: 'dev-1' };

function withOtp(): Vault {
  return deepFreeze(addAccount(createVault(ctx), { issuer: 'GitHub', label: 'alice', otp: totp() }, ctx).vault);
}

describe('addWorkAccount', () => {
  it('adds the work account after the others and survives encoding', () => {
    const { vault, account } = addWorkAccount(withOtp(), { issuer: 'Example Org', label: 'ada@example.org', work: WORK }, ctx);
    expect(orderedAccounts(vault).map((a) => a.kind)).toEqual(['otp', 'work']);
    expect(account).toMatchObject({ kind: 'work', position: 1, work: WORK });
    expect(decodeVault(encodeVault(vault))).toEqual(vault);
    expect(findWorkAccount(vault, { ...WORK, username: 'ADA@example.org' })?.id).toBe(account.id);
  });

  it('refuses a second copy of the same server, tenant and username, and bad details', () => {
    const { vault } = addWorkAccount(withOtp(), { issuer: 'Example Org', label: 'ada', work: WORK }, ctx);
    expect(codeOf(() => addWorkAccount(deepFreeze(vault), { issuer: 'x', label: 'y', work: { ...WORK, username: 'Ada@Example.org' } }, ctx))).toBe('ERR_ACCOUNT_DUPLICATE');
    expect(codeOf(() => addWorkAccount(withOtp(), { issuer: 'x', label: 'y', work: { ...WORK, serverUrl: 'ftp://x' } }, ctx))).toBe('ERR_ACCOUNT_INVALID');
    expect(codeOf(() => addWorkAccount(withOtp(), { issuer: 'x', label: 'y', work: { ...WORK, tenantId: '' } }, ctx))).toBe('ERR_ACCOUNT_INVALID');
  });
});

describe('setWorkRegistration', () => {
  it('sets and clears the registration id, stamping the account', () => {
    const { vault, account } = addWorkAccount(withOtp(), { issuer: 'Example Org', label: 'ada', work: WORK }, ctx);
    const cleared = setWorkRegistration(deepFreeze(vault), account.id, undefined, { now: ctx.now + 10 });
    const work = cleared.accounts.find((a) => a.id === account.id);
    expect(work?.kind === 'work' && 'registrationId' in work.work).toBe(false);
    expect(work?.updatedAt).toBe(ctx.now + 10);
    const set = setWorkRegistration(deepFreeze(cleared), account.id, 'dev-2', { now: ctx.now + 20 });
    expect(set.accounts.find((a) => a.id === account.id)).toMatchObject({ work: { registrationId: 'dev-2' } });
    expect(setWorkRegistration(set, account.id, 'dev-2', { now: ctx.now + 30 })).toBe(set);
  });

  it('refuses other kinds and unknown ids', () => {
    const vault = withOtp();
    const otpId = vault.accounts[0]?.id ?? '';
    expect(codeOf(() => setWorkRegistration(vault, otpId, 'd', ctx))).toBe('ERR_ACCOUNT_INVALID');
    expect(codeOf(() => setWorkRegistration(vault, 'nope', 'd', ctx))).toBe('ERR_ACCOUNT_NOT_FOUND');
  });
});

describe('updateWorkDetails and backupForm', () => {
  const restored: WorkDetails = { serverUrl: WORK.serverUrl, tenantId: WORK.tenantId, tenantName: WORK.tenantName, username: WORK.username, displayName: WORK.displayName, previousRegistrationId: 'dev-0' };

  it('keeps the previous registration and the policy through encoding, and forgets the previous one on request', () => {
    const { vault, account } = addWorkAccount(withOtp(), { issuer: 'Example Org', label: 'ada', work: restored }, ctx);
    expect(decodeVault(encodeVault(vault))).toEqual(vault);
    const registered = setWorkRegistration(deepFreeze(vault), account.id, 'dev-1', ctx);
    const told = updateWorkDetails(deepFreeze(registered), account.id, { allowSecretBackup: false }, ctx);
    expect(told.accounts.find((a) => a.id === account.id)).toMatchObject({ work: { registrationId: 'dev-1', previousRegistrationId: 'dev-0', allowSecretBackup: false } });
    const forgotten = updateWorkDetails(deepFreeze(told), account.id, { previousRegistrationId: null }, ctx);
    const work = forgotten.accounts.find((a) => a.id === account.id);
    expect(work?.kind === 'work' && 'previousRegistrationId' in work.work).toBe(false);
    expect(decodeVault(encodeVault(forgotten))).toEqual(forgotten);
    expect(updateWorkDetails(forgotten, account.id, { previousRegistrationId: null }, ctx)).toBe(forgotten);
    expect(codeOf(() => updateWorkDetails(forgotten, account.id, { previousRegistrationId: 'a\u0007' }, ctx))).toBe('ERR_ACCOUNT_INVALID');
    expect(codeOf(() => updateWorkDetails(forgotten, orderedAccounts(forgotten)[0]?.id ?? '', { allowSecretBackup: true }, ctx))).toBe('ERR_ACCOUNT_INVALID');
  });

  it('refuses an allowSecretBackup that is not a boolean in a vault file', () => {
    const { vault } = addWorkAccount(withOtp(), { issuer: 'Example Org', label: 'ada', work: { ...restored, allowSecretBackup: true } }, ctx);
    const text = new TextDecoder().decode(encodeVault(vault)).replace('"allowSecretBackup":true', '"allowSecretBackup":"yes"');
    expect(codeOf(() => decodeVault(new TextEncoder().encode(text)))).toBe('ERR_VAULT_CORRUPT');
  });

  it('backupForm leaves a work OATH secret out unless the policy allows it', () => {
    const add = (work: WorkDetails) => addWorkAccount(withOtp(), { issuer: 'Example Org', label: 'ada', work }, ctx).account;
    const allowed = add({ ...restored, allowSecretBackup: true, otp: totp() });
    expect(backupForm(allowed)).toBe(allowed);
    for (const work of [{ ...restored, otp: totp() }, { ...restored, allowSecretBackup: false, otp: totp() }]) {
      const form = backupForm(add(work));
      expect(form.kind === 'work' && 'otp' in form.work).toBe(false);
    }
  });
});
