import { describe, expect, it } from 'vitest';
import { MAX_HOTP_COUNTER } from '../otp/validate.js';
import { decodeVault } from './decode.js';
import { advanceHotpCounter, removeAccount, renameAccount, updateAccount } from './edit-account.js';
import { encodeVault } from './encode.js';
import { orderedAccounts } from './order.js';
import { MAX_TOMBSTONES } from './tombstones.js';
import { vaultWith } from './test-support/build.js';
import { codeOf, deepFreeze, totp } from './test-support/context.js';
import type { Vault, WorkAccount } from './types.js';

const later = { now: 1_800_000_000_000 };

function idOf(vault: Vault, index: number): string {
  return orderedAccounts(vault)[index]!.id;
}

describe('renameAccount', () => {
  it('changes only the given names and stamps the account and the vault', () => {
    const vault = vaultWith([['GitHub', 'alice'], ['Google', 'bob']]);
    const next = renameAccount(vault, idOf(vault, 0), { label: ' alice@work ' }, later);
    expect(orderedAccounts(next)[0]).toMatchObject({ issuer: 'GitHub', label: 'alice@work', updatedAt: later.now });
    expect(orderedAccounts(next)[1]).toBe(orderedAccounts(vault)[1]);
    expect(next.updatedAt).toBe(later.now);
  });

  it('validates like addAccount and reports unknown ids', () => {
    const vault = vaultWith([['GitHub', 'alice']]);
    expect(codeOf(() => renameAccount(vault, idOf(vault, 0), { label: '' }, later))).toBe('ERR_ACCOUNT_INVALID');
    expect(codeOf(() => renameAccount(vault, 'missing', { label: 'x' }, later))).toBe('ERR_ACCOUNT_NOT_FOUND');
  });

  it('applies the duplicate rule of addAccount to the new names', () => {
    const same = () => totp('JBSWY3DPEHPK3PXP');
    const vault = vaultWith([['GitHub', 'a'], ['GitHub', 'b']], same);
    const b = idOf(vault, 1);
    expect(codeOf(() => renameAccount(vault, b, { label: 'A' }, later))).toBe('ERR_ACCOUNT_DUPLICATE');
    expect(codeOf(() => renameAccount(vault, b, { issuer: 'github', label: ' a ' }, later))).toBe('ERR_ACCOUNT_DUPLICATE');
    expect(renameAccount(vault, b, { label: 'a' }, { ...later, allowDuplicate: true }).accounts.map((x) => x.label)).toEqual(['a', 'a']);
    // Another secret under the same names is not a duplicate, and an unchanged name is never refused.
    const distinct = vaultWith([['GitHub', 'a'], ['GitHub', 'b']]);
    expect(renameAccount(distinct, idOf(distinct, 1), { label: 'a' }, later).accounts[1]!.label).toBe('a');
    const twins = renameAccount(vault, b, { label: 'a' }, { ...later, allowDuplicate: true });
    expect(renameAccount(twins, b, { label: 'A' }, later).accounts[1]!.label).toBe('A');
  });
});

describe('updateAccount', () => {
  it('sets and clears note, favourite and icon', () => {
    const vault = vaultWith([['GitHub', 'alice']]);
    const id = idOf(vault, 0);
    const set = deepFreeze(updateAccount(vault, id, { note: 'recovery codes in the safe', favourite: true, icon: { color: 'ff0000' } }, later));
    expect(set.accounts[0]).toMatchObject({ note: 'recovery codes in the safe', favourite: true, icon: { color: 'FF0000' }, updatedAt: later.now });
    const cleared = updateAccount(set, id, { icon: null, note: '' }, later);
    expect('icon' in cleared.accounts[0]!).toBe(false);
    expect(cleared.accounts[0]).toMatchObject({ note: '', favourite: true });
    expect(updateAccount(set, id, {}, later).accounts[0]!.icon).toEqual({ color: 'FF0000' });
  });

  it('refuses a bad icon or note', () => {
    const vault = vaultWith([['GitHub', 'alice']]);
    expect(codeOf(() => updateAccount(vault, idOf(vault, 0), { icon: { image: 'ftp://x' } }, later))).toBe('ERR_ACCOUNT_INVALID');
    expect(codeOf(() => updateAccount(vault, idOf(vault, 0), { note: '\u0000' }, later))).toBe('ERR_ACCOUNT_INVALID');
  });
});

describe('removeAccount', () => {
  it('removes one account and leaves the others untouched', () => {
    const vault = vaultWith([['A', 'a'], ['B', 'b'], ['C', 'c']]);
    const next = removeAccount(vault, idOf(vault, 1), later);
    expect(orderedAccounts(next).map((a) => [a.issuer, a.position])).toEqual([['A', 0], ['C', 2]]);
    expect(next.accounts[1]).toBe(vault.accounts[2]);
    expect(next.updatedAt).toBe(later.now);
    expect(codeOf(() => removeAccount(next, idOf(vault, 1), later))).toBe('ERR_ACCOUNT_NOT_FOUND');
  });

  it('records a tombstone for the removed id, oldest first, and survives a round trip', () => {
    const vault = vaultWith([['A', 'a'], ['B', 'b']]);
    const [a, b] = [idOf(vault, 0), idOf(vault, 1)];
    const once = removeAccount(vault, b, later);
    const twice = removeAccount(deepFreeze(once), a, { now: later.now - 10 });
    expect(once.tombstones).toEqual([{ id: b, deletedAt: later.now }]);
    // A clock that went back still gives canonical (sorted) tombstones.
    expect(twice.tombstones).toEqual([{ id: a, deletedAt: later.now - 10 }, { id: b, deletedAt: later.now }]);
    expect(decodeVault(encodeVault(twice))).toEqual(twice);
  });

  it(`keeps only the newest ${MAX_TOMBSTONES} tombstones`, () => {
    const base = vaultWith([['A', 'a']]);
    const old = Array.from({ length: MAX_TOMBSTONES }, (_, i) => ({ id: `${i.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`, deletedAt: i }));
    const next = removeAccount({ ...base, tombstones: old }, idOf(base, 0), later);
    expect(next.tombstones).toHaveLength(MAX_TOMBSTONES);
    expect(next.tombstones[0]!.deletedAt).toBe(1);
    expect(next.tombstones.at(-1)).toEqual({ id: idOf(base, 0), deletedAt: later.now });
  });
});

describe('advanceHotpCounter', () => {
  const hotp = (counter: number) => () => ({ type: 'hotp' as const, secret: 'JBSWY3DPEHPK3PXP', algorithm: 'SHA1' as const, digits: 6, counter });

  it('returns the counter to use and stores the next one', () => {
    const vault = vaultWith([['Bank', 'me']], hotp(7));
    const id = idOf(vault, 0);
    const first = advanceHotpCounter(vault, id, later);
    expect(first.counter).toBe(7);
    const second = advanceHotpCounter(deepFreeze(first.vault), id, later);
    expect(second.counter).toBe(8);
    expect(second.vault.accounts[0]).toMatchObject({ otp: { counter: 9 }, updatedAt: later.now });
  });

  it('refuses accounts without a counter and a counter that cannot grow', () => {
    const totpVault = vaultWith([['GitHub', 'alice']]);
    expect(codeOf(() => advanceHotpCounter(totpVault, idOf(totpVault, 0), later))).toBe('ERR_ACCOUNT_INVALID');
  });

  it('gives at least one code for the largest counter any input accepts, then reports it used up', () => {
    expect(() => vaultWith([['Bank', 'me']], hotp(Number.MAX_SAFE_INTEGER))).toThrow(expect.objectContaining({ code: 'ERR_OTP_PARAMS_INVALID' }) as Error);
    const top = vaultWith([['Bank', 'me']], hotp(MAX_HOTP_COUNTER));
    const last = advanceHotpCounter(top, idOf(top, 0), later);
    expect(last.counter).toBe(MAX_HOTP_COUNTER);
    // The used-up counter is still a readable vault, so the account is not lost with it.
    const reread = decodeVault(encodeVault(last.vault));
    expect(reread.accounts[0]).toMatchObject({ otp: { counter: Number.MAX_SAFE_INTEGER } });
    expect(codeOf(() => advanceHotpCounter(reread, idOf(reread, 0), later))).toBe('ERR_OTP_PARAMS_INVALID');
  });

  it('advances the OATH secret of a work account', () => {
    const base = vaultWith([['Bank', 'me']], hotp(1));
    const source = base.accounts[0]!;
    const work: WorkAccount = {
      id: source.id, issuer: 'Contoso', label: 'me@contoso.example', groups: [], note: '', favourite: false,
      position: 0, createdAt: 0, updatedAt: 0, kind: 'work',
      work: { serverUrl: 'https://id.contoso.example', tenantId: 't1', tenantName: 'Contoso', username: 'me', displayName: 'Me', otp: hotp(41)() },
    };
    const vault = deepFreeze({ ...base, accounts: [work] });
    const result = advanceHotpCounter(vault, work.id, later);
    expect(result.counter).toBe(41);
    expect(result.vault.accounts[0]).toMatchObject({ kind: 'work', work: { otp: { counter: 42 }, tenantId: 't1' } });
    const withoutOtp = deepFreeze({ ...base, accounts: [{ ...work, work: { ...work.work, otp: undefined } }] }) as unknown as Vault;
    expect(codeOf(() => advanceHotpCounter(withoutOtp, work.id, later))).toBe('ERR_ACCOUNT_INVALID');
  });
});
