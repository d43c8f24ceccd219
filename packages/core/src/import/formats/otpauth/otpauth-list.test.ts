import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatOtpauthUri } from '../../../uri/format.js';
import { otpauthUri } from '../../../uri/test-support/arbitraries.js';
import { checkIssuer, checkLabel } from '../../../vault/fields.js';
import { onlyCoreErrors, PROPERTY, utf8 } from '../../test-support/support.js';
import { rawParameter } from './ente-display.js';
import { ENTE_TRASH_GROUP, otpauthImporter, parseOtpauthList } from './list.js';

/** URIs whose names are already what the vault stores (trimmed, NFC), so they compare as written. */
const canonicalUri = otpauthUri.filter((u) => {
  try {
    return checkIssuer(u.issuer) === u.issuer && checkLabel(u.label) === u.label;
  } catch {
    return false;
  }
});

const GITHUB = 'otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub';

/** Ente's `codeDisplay` parameter as Ente writes it (formats.md §6.1). */
function enteDisplay(fields: Record<string, unknown>): string {
  const display = { pinned: false, trashed: false, lastUsedAt: 0, tapCount: 0, tags: [], note: '', position: 0, iconSrc: '', iconID: '', ...fields };
  return `codeDisplay=${encodeURIComponent(JSON.stringify(display))}`;
}

describe('otpauth URI lists', () => {
  it('reads one account per line, skipping blank lines and comments, in file order', () => {
    const text = `# exported\n\n${GITHUB}\r\n  otpauth://hotp/bob?secret=GEZDGNBV&counter=3  \n`;
    const parsed = parseOtpauthList(text);
    expect(parsed.format).toBe('otpauth');
    expect(parsed.entries).toEqual([
      { ok: true, index: 3, name: 'GitHub (alice)', account: { issuer: 'GitHub', label: 'alice', otp: { type: 'totp', secret: 'JBSWY3DPEHPK3PXP', algorithm: 'SHA1', digits: 6, period: 30 } } },
      { ok: true, index: 4, name: 'bob', account: { issuer: '', label: 'bob', otp: { type: 'hotp', secret: 'GEZDGNBV', algorithm: 'SHA1', digits: 6, counter: 3 } } },
    ]);
    expect(parsed.warnings).toEqual([]);
  });

  it('reports each bad line by its line number and imports the others', () => {
    const text = [GITHUB, 'hello', 'otpauth://totp/x?secret=1!!', 'otpauth://yaotp/y?secret=JBSWY3DP', 'otpauth://totp/ok?secret=JBSWY3DP'].join('\n');
    const entries = parseOtpauthList(text).entries;
    expect(entries.map((e) => [e.index, e.name, e.ok ? 'ok' : e.code])).toEqual([
      [1, 'GitHub (alice)', 'ok'],
      [2, 'line 2', 'ERR_URI_INVALID'],
      [3, 'line 3', 'ERR_SECRET_INVALID'],
      [4, 'line 4', 'ERR_URI_UNSUPPORTED'],
      [5, 'ok', 'ok'],
    ]);
  });

  it('keeps the icon a URI carries', () => {
    const parsed = parseOtpauthList('otpauth://totp/a?secret=JBSWY3DP&image=https%3A%2F%2Fexample.com%2Fi.png&color=ff0000');
    expect(parsed.entries[0]).toMatchObject({ ok: true, account: { icon: { image: 'https://example.com/i.png', color: 'FF0000' } } });
  });

  it('reads back every URI the formatter writes, in order', { timeout: PROPERTY.timeout }, () => {
    fc.assert(fc.property(fc.array(canonicalUri, { maxLength: 6 }), (uris) => {
      const parsed = parseOtpauthList(uris.map((u) => formatOtpauthUri(u)).join('\n'));
      expect(parsed.entries.map((e) => (e.ok ? { issuer: e.account.issuer, label: e.account.label, otp: e.account.otp } : e))).toEqual(
        uris.map((u) => ({ issuer: u.issuer, label: u.label, otp: u.otp })),
      );
    }), { numRuns: PROPERTY.runs(200, 5_000) });
  });

  it('never throws for any text, and only CoreError for any bytes', { timeout: PROPERTY.timeout }, () => {
    const runs = PROPERTY.runs(300, 10_000);
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (text) => {
      parseOtpauthList(text);
      parseOtpauthList(`otpauth://totp/a?secret=JBSWY3DP&${text}`);
    }), { numRuns: runs });
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
      onlyCoreErrors(() => otpauthImporter.parse({ bytes }), ['ERR_IMPORT_INVALID']);
    }), { numRuns: runs });
  });
});

describe("Ente's plain export (codeDisplay)", () => {
  it('keeps pinned, tags and note', () => {
    const line = `otpauth://totp/Ente:me?secret=JBSWY3DP&issuer=Ente&algorithm=sha1&${enteDisplay({ pinned: true, tags: ['Work', 'Mail'], note: 'recovery codes: drawer' })}`;
    expect(parseOtpauthList(line).entries[0]).toMatchObject({
      ok: true,
      account: { issuer: 'Ente', label: 'me', favourite: true, groups: ['Work', 'Mail'], note: 'recovery codes: drawer' },
    });
  });

  it("imports trashed codes into a group, saying so", () => {
    const parsed = parseOtpauthList(`otpauth://totp/a?secret=JBSWY3DP&${enteDisplay({ trashed: true, tags: ['x'] })}`);
    expect(parsed.entries[0]).toMatchObject({ ok: true, account: { groups: ['x', ENTE_TRASH_GROUP] } });
    expect(parsed.warnings).toEqual([`a: was in Ente's trash; imported into the group "${ENTE_TRASH_GROUP}".`]);
  });

  it("follows Ente's manual order when one was set; lines without one stay after their predecessor", () => {
    const text = [
      `otpauth://totp/c?secret=JBSWY3DP&${enteDisplay({ position: 3 })}`,
      'broken line',
      `otpauth://totp/a?secret=JBSWY3DP&${enteDisplay({ position: 1 })}`,
      `otpauth://totp/b?secret=JBSWY3DP&${enteDisplay({ position: 2 })}`,
    ].join('\n');
    expect(parseOtpauthList(text).entries.map((e) => e.name)).toEqual(['a', 'b', 'c', 'line 2']);
  });

  it('keeps file order when no manual order was set', () => {
    const text = ['b', 'a'].map((n) => `otpauth://totp/${n}?secret=JBSWY3DP&${enteDisplay({})}`).join('\n');
    expect(parseOtpauthList(text).entries.map((e) => e.name)).toEqual(['b', 'a']);
  });

  it('imports the account without its extras when codeDisplay is unreadable, with a warning', () => {
    const parsed = parseOtpauthList('otpauth://totp/a?secret=JBSWY3DP&codeDisplay=%7B%22tags%22%3A5%7D');
    expect(parsed.entries[0]).toMatchObject({ ok: true, account: { label: 'a' } });
    expect(parsed.warnings).toHaveLength(1);
    const polluted = parseOtpauthList(`otpauth://totp/a?secret=JBSWY3DP&codeDisplay=${encodeURIComponent('{"__proto__":{"x":1}}')}`);
    expect(polluted.entries[0]?.ok).toBe(true);
    expect(polluted.warnings).toHaveLength(1);
  });

  it('reads through the importer from bytes, with a byte-order mark', async () => {
    const parsed = await otpauthImporter.parse({ bytes: utf8(`\uFEFF${GITHUB}\n`) });
    expect(parsed.entries).toHaveLength(1);
  });
});

describe('otpauth URI lists, size', () => {
  it('refuses a file with more lines than any collection of accounts', () => {
    expect(() => parseOtpauthList('x\n'.repeat(100_001))).toThrow(expect.objectContaining({ code: 'ERR_IMPORT_INVALID' }));
  });
});

describe('rawParameter', () => {
  /** The lookup without its shortcut for URIs that never mention the name, kept as the reference. */
  function reference(uri: string): string | undefined {
    const query = uri.indexOf('?');
    if (query < 0) return undefined;
    for (const segment of uri.slice(query + 1).split('&')) {
      const equals = segment.indexOf('=');
      if (equals > 0 && segment.slice(0, equals) === 'codeDisplay') return segment.slice(equals + 1);
    }
    return undefined;
  }

  it('finds the same value as a search of every query segment', () => {
    const piece = fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom('?', '&', '=', 'codeDisplay', 'codeDisplay=', 'codeDisplay=%7B%7D', 'xcodeDisplay=1', 'otpauth://totp/a'));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }).map((p) => p.join('')), (uri) => {
        expect(rawParameter(uri)).toBe(reference(uri));
      }),
    );
  });
});
