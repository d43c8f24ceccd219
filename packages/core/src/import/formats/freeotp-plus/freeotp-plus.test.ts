import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codeFor } from '../../../otp/code-for.js';
import { SPEC_ACCOUNTS, signedBytes } from '../../test-support/accounts.js';
import { arbMutations, mutate } from '../../test-support/mutate.js';
import { expectCode, onlyCoreErrors, PROPERTY, utf8 } from '../../test-support/support.js';
import { parseFreeOtpPlus } from './import.js';

/** A FreeOTP+ token as its JSON export writes one (formats.md §6.4): counter one below the URI's. */
function token(a: (typeof SPEC_ACCOUNTS)[number], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    algo: a.algorithm,
    counter: a.type === 'hotp' ? a.counter! - 1 : 0,
    digits: a.digits,
    issuerExt: a.type === 'steam' ? 'Steam' : a.issuer,
    issuerInt: a.issuer,
    label: a.label,
    period: a.period ?? 30,
    secret: signedBytes(a.secret),
    type: a.type === 'hotp' ? 'HOTP' : 'TOTP',
    ...extra,
  };
}

function exportOf(tokens: readonly (Record<string, unknown> | string)[], order?: readonly string[]): Uint8Array {
  const tokenOrder = order ?? tokens.map((t) => (typeof t === 'string' ? t : `${String(t['issuerInt'])}:${String(t['label'])}`));
  return utf8(JSON.stringify({ tokenOrder, tokens }));
}

describe('FreeOTP+ JSON export', () => {
  it('imports the spec accounts with codes that match formats.md §1, HOTP counters raised to the URI value', () => {
    const parsed = parseFreeOtpPlus(exportOf(SPEC_ACCOUNTS.map((a) => token(a))));
    expect(parsed.entries).toHaveLength(SPEC_ACCOUNTS.length);
    parsed.entries.forEach((entry, i) => {
      const spec = SPEC_ACCOUNTS[i]!;
      if (!entry.ok) throw new Error(entry.reason);
      expect(entry.account.otp.type).toBe(spec.type);
      expect(codeFor(entry.account.otp, spec.check[0]).code).toBe(spec.check[1]);
      if (spec.type === 'hotp') expect(entry.account.otp).toMatchObject({ counter: spec.counter });
    });
    expect(parsed.entries.find((e) => e.name === 'WWE (Mason)')).toMatchObject({ account: { otp: { counter: 10300 } } });
  });

  it('follows tokenOrder, appends tokens it omits, and numbers entries by their place in the file', () => {
    const [a, b, c] = SPEC_ACCOUNTS.map((s) => token(s));
    const parsed = parseFreeOtpPlus(exportOf([a!, b!, c!], ['Airbnb:Elijah', 'nobody:there', 'Deno:Mason']));
    expect(parsed.entries.map((e) => [e.index, e.name])).toEqual([[3, 'Airbnb (Elijah)'], [1, 'Deno (Mason)'], [2, 'SPDX (James)']]);
  });

  it("shows the person's edited names and keeps usable images and categories", () => {
    const t = token(SPEC_ACCOUNTS[0]!, { issuerAlt: 'Deno Land', labelAlt: 'mason@deno', imageAlt: 'https://deno.land/logo.png', category: 'Dev' });
    const local = token(SPEC_ACCOUNTS[1]!, { image: 'content://media/external/images/1' });
    const [first, second] = parseFreeOtpPlus(exportOf([t, local])).entries;
    expect(first).toMatchObject({ ok: true, account: { issuer: 'Deno Land', label: 'mason@deno', icon: { image: 'https://deno.land/logo.png' }, groups: ['Dev'] } });
    expect(second).toMatchObject({ ok: true });
    expect(second).not.toHaveProperty('account.icon');
  });

  it('reports broken tokens and imports the rest', () => {
    const good = token(SPEC_ACCOUNTS[0]!);
    const parsed = parseFreeOtpPlus(exportOf([
      good,
      { ...good, secret: [1, 2, 300] },
      { ...good, type: 'MOTP', label: 'm' },
      { ...good, algo: 'SHA224', label: 'x' },
      { ...good, type: 'HOTP', counter: -2, label: 'y' },
      { ...token(SPEC_ACCOUNTS[6]!), type: 'HOTP', label: 'z' },
      'not a token',
    ]));
    expect(parsed.entries.map((e) => (e.ok ? 'ok' : e.code))).toEqual([
      'ok',
      'ERR_IMPORT_ENTRY_INVALID',
      'ERR_IMPORT_ENTRY_INVALID',
      'ERR_OTP_PARAMS_INVALID',
      'ERR_IMPORT_ENTRY_INVALID',
      'ERR_IMPORT_ENTRY_INVALID',
      'ERR_IMPORT_ENTRY_INVALID',
    ]);
    expect(parsed.entries[6]?.name).toBe('token 7');
  });

  it('refuses files that are not a FreeOTP+ export', () => {
    for (const text of ['[]', '{}', '{"tokens":{}}', '{"tokens":[],"tokenOrder":[],"x":{"constructor":1}}', 'nope']) {
      expectCode(() => parseFreeOtpPlus(utf8(text)), 'ERR_IMPORT_INVALID');
    }
  });

  it('only ever throws ERR_IMPORT_INVALID for random JSON and mutated exports', { timeout: PROPERTY.timeout }, () => {
    const sample = exportOf(SPEC_ACCOUNTS.map((a) => token(a)));
    const runs = PROPERTY.runs(300, 10_000);
    fc.assert(fc.property(arbMutations(), (mutations) => {
      onlyCoreErrors(() => parseFreeOtpPlus(mutate(sample, mutations)), ['ERR_IMPORT_INVALID']);
    }), { numRuns: runs });
    fc.assert(fc.property(fc.json(), (text) => {
      onlyCoreErrors(() => parseFreeOtpPlus(utf8(text)), ['ERR_IMPORT_INVALID']);
    }), { numRuns: runs });
  });
});
