import { describe, expect, it } from 'vitest';
import { addAccount } from './add-account.js';
import { createVault } from './create.js';
import { addGroup } from './groups.js';
import { codeOf, deepFreeze, testContext, totp } from './test-support/context.js';
import type { NewAccount, Vault } from './types.js';

const ctx = testContext();

function empty(): Vault {
  return deepFreeze(createVault(ctx));
}

describe('addAccount', () => {
  it('appends accounts at the end with fresh ids and stamps', () => {
    const first = addAccount(empty(), { issuer: 'GitHub', label: 'alice', otp: totp() }, ctx);
    const second = addAccount(deepFreeze(first.vault), { issuer: 'Google', label: 'bob', otp: totp('GEZDGNBVGY3TQOJQ') }, { ...ctx, now: ctx.now + 5 });
    expect(first.account.position).toBe(0);
    expect(second.account.position).toBe(1);
    expect(second.account.id).not.toBe(first.account.id);
    expect(second.account.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(second.vault.accounts.map((a) => a.label)).toEqual(['alice', 'bob']);
    expect(second.account).toMatchObject({ createdAt: ctx.now + 5, updatedAt: ctx.now + 5, note: '', favourite: false, groups: [] });
    expect(second.vault.updatedAt).toBe(ctx.now + 5);
    expect(first.vault.accounts).toHaveLength(1);
  });

  it('stores canonical values: trimmed NFC names, canonical secret, upper-case colour', () => {
    const { account } = addAccount(
      empty(),
      {
        issuer: '  Cafe\u0301 ',
        label: '\talice ',
        otp: { type: 'totp', secret: 'jbsw y3dp-ehpk 3pxp==', algorithm: 'SHA1', digits: 6, period: 30 },
        icon: { color: 'a1b2c3' },
        note: ' first\r\nsecond\rthird \n',
        favourite: true,
      },
      ctx,
    );
    expect(account.issuer).toBe('Café');
    expect(account.label).toBe('alice');
    expect(account.otp).toEqual(totp());
    expect(account.icon).toEqual({ color: 'A1B2C3' });
    expect(account.note).toBe('first\nsecond\nthird');
    expect(account.favourite).toBe(true);
  });

  it('drops an empty icon rather than storing one', () => {
    const { account } = addAccount(empty(), { issuer: 'X', label: 'y', otp: totp(), icon: {} }, ctx);
    expect('icon' in account).toBe(false);
  });

  it.each<[string, Partial<NewAccount>]>([
    ['an empty label', { label: '   ' }],
    ['a control character', { label: 'ali\u0007ce' }],
    ['a newline inside a name', { issuer: 'Git\nHub' }],
    ['a bidi override', { issuer: 'evil\u202Ecom' }],
    ['a lone surrogate', { label: 'a\uD800b' }],
    ['a line separator', { label: 'a\u2028b' }],
    ['a zero-width space (looks like no space at all)', { issuer: 'Zero\u200BWidth' }],
    ['a right-to-left mark', { label: 'alice\u200F' }],
    ['a joiner between letters', { issuer: 'Git\u200DHub' }],
    ['a soft hyphen', { label: 'ali\u00ADce' }],
    ['an overlong label', { label: 'x'.repeat(257) }],
    ['an overlong issuer', { issuer: 'x'.repeat(257) }],
    ['an overlong note', { note: 'x'.repeat(10_001) }],
    ['a control character in a note', { note: 'bell\u0007' }],
    ['a colour that is not hex', { icon: { color: 'red' } }],
    ['an http image', { icon: { image: 'http://example.com/a.png' } }],
    ['a javascript image', { icon: { image: 'javascript:alert(1)' } }],
  ])('refuses %s with ERR_ACCOUNT_INVALID', (_, patch) => {
    const input = { issuer: 'GitHub', label: 'alice', otp: totp(), ...patch };
    expect(codeOf(() => addAccount(empty(), input, ctx))).toBe('ERR_ACCOUNT_INVALID');
  });

  it('keeps joiners that spell emoji and scripts, and format characters in notes', () => {
    const names = { issuer: '👩‍💻 Dev', label: 'می\u200Cخواهم', note: 'zero\u200Bwidth\u200F is free text' };
    expect(addAccount(empty(), { ...names, otp: totp() }, ctx).account).toMatchObject(names);
  });

  it('counts astral characters as one towards the length limit', () => {
    const label = '😀'.repeat(256);
    expect(addAccount(empty(), { issuer: '', label, otp: totp() }, ctx).account.label).toBe(label);
  });

  it('refuses bad OTP parameters with the otp codes', () => {
    const bad = (otp: unknown): NewAccount => ({ issuer: 'a', label: 'b', otp: otp as NewAccount['otp'] });
    expect(codeOf(() => addAccount(empty(), bad({ ...totp(), digits: 5 }), ctx))).toBe('ERR_OTP_PARAMS_INVALID');
    expect(codeOf(() => addAccount(empty(), bad({ ...totp(), secret: 'not base32!' }), ctx))).toBe('ERR_SECRET_INVALID');
  });

  it('refuses a duplicate (same secret bytes, names ignoring case) unless allowed', () => {
    const { vault } = addAccount(empty(), { issuer: 'GitHub', label: 'Alice', otp: totp() }, ctx);
    const again: NewAccount = { issuer: 'github', label: 'ALICE', otp: { ...totp('jbswy3dpehpk3pxp'), digits: 8 } };
    expect(codeOf(() => addAccount(deepFreeze(vault), again, ctx))).toBe('ERR_ACCOUNT_DUPLICATE');
    const allowed = addAccount(vault, again, { ...ctx, allowDuplicate: true });
    expect(allowed.vault.accounts).toHaveLength(2);
    expect(addAccount(vault, { ...again, label: 'alice2' }, ctx).vault.accounts).toHaveLength(2);
    expect(addAccount(vault, { ...again, otp: totp('GEZDGNBVGY3TQOJQ') }, ctx).vault.accounts).toHaveLength(2);
  });

  it('keeps group ids that exist, without repeats, and refuses unknown ones', () => {
    const { vault, group } = addGroup(empty(), 'Work', ctx);
    const { account } = addAccount(deepFreeze(vault), { issuer: 'a', label: 'b', otp: totp(), groups: [group.id, group.id] }, ctx);
    expect(account.groups).toEqual([group.id]);
    expect(codeOf(() => addAccount(vault, { issuer: 'a', label: 'b', otp: totp(), groups: ['nope'] }, ctx))).toBe('ERR_GROUP_NOT_FOUND');
  });

  it('treats a bad clock or random source as a caller mistake', () => {
    expect(() => addAccount(empty(), { issuer: 'a', label: 'b', otp: totp() }, { ...ctx, now: 1.5 })).toThrow(RangeError);
    expect(() => addAccount(empty(), { issuer: 'a', label: 'b', otp: totp() }, { now: 0, random: () => new Uint8Array(3) })).toThrow(TypeError);
    const stuck = { now: 0, random: (n: number) => new Uint8Array(n) };
    const { vault } = addAccount(empty(), { issuer: 'a', label: 'b', otp: totp() }, stuck);
    expect(() => addAccount(vault, { issuer: 'c', label: 'd', otp: totp() }, stuck)).toThrow(RangeError);
  });
});
