import { describe, expect, it } from 'vitest';
import { entryName, finishAccount, readEntry } from './entries.js';
import { invalidEntry } from './fail.js';

const otp = { type: 'totp', secret: 'jbsw y3dp ehpk 3pxp' };

describe('finishAccount', () => {
  it('applies the vault rules: canonical names, secret and defaults', () => {
    const warnings: string[] = [];
    const account = finishAccount({ issuer: ' GitHub ', label: 'alice', otp, note: 'a\r\nb', favourite: true, groups: ['Work', 'work'] }, (m) => warnings.push(m));
    expect(account).toEqual({
      issuer: 'GitHub',
      label: 'alice',
      otp: { type: 'totp', secret: 'JBSWY3DPEHPK3PXP', algorithm: 'SHA1', digits: 6, period: 30 },
      note: 'a\nb',
      favourite: true,
      groups: ['Work'],
    });
    expect(warnings).toEqual([]);
  });

  it('names an account after its issuer when it has no account name, and refuses one with neither', () => {
    expect(finishAccount({ issuer: 'GitHub', label: '', otp }, () => undefined).label).toBe('GitHub');
    expect(() => finishAccount({ issuer: '', label: ' ', otp }, () => undefined)).toThrow(expect.objectContaining({ code: 'ERR_IMPORT_ENTRY_INVALID' }));
  });

  it('imports without an unusable group or icon, and says so', () => {
    const warnings: string[] = [];
    const account = finishAccount({ issuer: 'A', label: 'b', otp, groups: ['x'.repeat(65), 'ok'], icon: { image: 'http://insecure/icon.png' } }, (m) => warnings.push(m));
    expect(account.groups).toEqual(['ok']);
    expect(account.icon).toBeUndefined();
    expect(warnings).toHaveLength(2);
  });
});

describe('readEntry', () => {
  it('turns a CoreError into a failed entry with its code, and keeps warnings of failed entries out', () => {
    const warnings: string[] = [];
    const failed = readEntry(3, 'GitHub (alice)', (warn) => {
      warn('something');
      return { issuer: 'GitHub', label: 'alice', otp: { type: 'totp', secret: '1!' } };
    }, warnings);
    expect(failed).toMatchObject({ ok: false, index: 3, name: 'GitHub (alice)', code: 'ERR_SECRET_INVALID' });
    expect(warnings).toEqual([]);
    const bad = readEntry(4, 'entry 4', () => invalidEntry('items[3].name must be text.'), warnings);
    expect(bad).toMatchObject({ ok: false, code: 'ERR_IMPORT_ENTRY_INVALID', reason: 'items[3].name must be text.' });
  });

  it('lets anything but a CoreError through: that is a bug, not bad input', () => {
    expect(() => readEntry(1, 'x', () => { throw new Error('bug'); }, [])).toThrow('bug');
  });
});

describe('entryName', () => {
  it('names entries without control characters and with a fallback', () => {
    expect(entryName('GitHub', 'alice', 'entry 1')).toBe('GitHub (alice)');
    expect(entryName('Steam', 'Steam', 'entry 1')).toBe('Steam');
    expect(entryName('', 42, 'entry 7')).toBe('entry 7');
    expect(entryName('evil\u001b[2J', undefined, 'x')).toBe('evil[2J');
  });
});
