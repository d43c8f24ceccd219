import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeBase32 } from '../../../encoding/base32.js';
import { invalidFile } from '../../internal/fail.js';
import { migrationUri, otpMessage, payloadMessage, protobuf, type OtpFields } from '../../test-support/migration.js';
import { expectCode, onlyCoreErrors, PROPERTY } from '../../test-support/support.js';
import { parseGoogleMigration } from './import.js';
import { decodeMigrationPayload } from './payload.js';
import { migrationData } from './uri.js';

const fail = invalidFile('test');
const secret = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
const uriOf = (otps: readonly OtpFields[], batch?: Parameters<typeof payloadMessage>[1]): string => migrationUri(payloadMessage(otps, batch));

describe('Google Authenticator transfer, formats.md §3 examples', () => {
  // Public test strings from scito/extract_otp_secrets `example_export.txt` and proton-pass-common,
  // with the decoded values formats.md §3 gives for them.
  const RASPBERRY = 'otpauth-migration://offline?data=CjUKEPqlBekzoNEukL7qlsjBCDYSDnBpQHJhc3BiZXJyeXBpGgtyYXNwYmVycnlwaSABKAEwAhABGAEgACjr4JKK%2B%2F%2F%2F%2F%2F8B';
  const HOTP = 'otpauth-migration://offline?data=CiUKEPqlBekzoNEukL7qlsjBCDYSCWhvdHAgZGVtbyABKAEwATgEEAEYASAAKNuv15j6%2F%2F%2F%2F%2FwE%3D';
  const PROTON = 'otpauth-migration://offline?data=CjUKBWYkQUSTEgdNWUxBQkVMGghNWUlTU1VFUiACKAIwAkITNjE5NGJjMTczNzcyNzc5ODc5MxACGAEgAA%3D%3D';

  it('decodes a TOTP entry and a negative batch_id written as a 10-byte varint', () => {
    const payload = decodeMigrationPayload(migrationData(RASPBERRY, fail), fail);
    expect(payload).toMatchObject({ version: 1, batchSize: 1, batchIndex: 0, batchId: -1320898453 });
    expect(Buffer.from(payload.otps[0]!.secret).toString('hex')).toBe('faa505e933a0d12e90beea96c8c10836');
    expect(parseGoogleMigration(RASPBERRY).entries).toEqual([
      {
        ok: true,
        index: 1,
        name: 'raspberrypi (pi@raspberrypi)',
        account: { issuer: 'raspberrypi', label: 'pi@raspberrypi', otp: { type: 'totp', secret: '7KSQL2JTUDIS5EF65KLMRQIIGY', algorithm: 'SHA1', digits: 6, period: 30 } },
      },
    ]);
  });

  it('decodes an HOTP entry with its counter', () => {
    expect(parseGoogleMigration(HOTP).entries[0]).toMatchObject({
      ok: true,
      account: { issuer: '', label: 'hotp demo', otp: { type: 'hotp', secret: '7KSQL2JTUDIS5EF65KLMRQIIGY', algorithm: 'SHA1', digits: 6, counter: 4 } },
    });
  });

  it('reads a version 2 export: no batch_id, a 5-byte secret, field 8 skipped', () => {
    const payload = decodeMigrationPayload(migrationData(PROTON, fail), fail);
    expect(payload).toMatchObject({ version: 2, batchSize: 1, batchIndex: 0, batchId: 0 });
    expect(parseGoogleMigration(PROTON).entries[0]).toMatchObject({
      ok: true,
      account: { issuer: 'MYISSUER', label: 'MYLABEL', otp: { type: 'totp', secret: 'MYSECRET', algorithm: 'SHA256', digits: 8, period: 30 } },
    });
  });

  it('reads all three together, in the order given, as three single-code exports', () => {
    const parsed = parseGoogleMigration([RASPBERRY, '', '# comment', HOTP, PROTON].join('\r\n'));
    expect(parsed.entries.map((e) => e.name)).toEqual(['raspberrypi (pi@raspberrypi)', 'hotp demo', 'MYISSUER (MYLABEL)']);
    expect(parsed.warnings).toEqual([]);
  });
});

describe('Google Authenticator transfer, mapping', () => {
  it('splits names, drops a repeated issuer prefix, and reports unusable entries while importing the rest', () => {
    const parsed = parseGoogleMigration(uriOf([
      { secret, name: 'GitHub:alice', issuer: 'GitHub', type: 2 },
      { secret, name: 'Example: bob' },
      { secret, name: 'carol', issuer: 'MD5 Inc', algorithm: 4 },
      { secret, name: 'dave', algorithm: 9 },
      { secret, name: 'erin', digits: 3 },
      { secret, name: 'frank', type: 7 },
      { secret: new Uint8Array(0), name: 'gina' },
      { secret, name: 'hank', type: 1, counter: 2n ** 60n },
      { secret, name: 'ivan', type: 1, counter: -1n },
      { secret, name: 'jill', algorithm: 3, digits: 2, type: 1, counter: 9n },
    ]));
    const summary = parsed.entries.map((e) => (e.ok ? `${e.account.issuer}|${e.account.label}` : `${e.name}: ${e.code}`));
    expect(summary).toEqual([
      'GitHub|alice',
      'Example|bob',
      'MD5 Inc (carol): ERR_IMPORT_ENTRY_INVALID',
      'dave: ERR_IMPORT_ENTRY_INVALID',
      'erin: ERR_IMPORT_ENTRY_INVALID',
      'frank: ERR_IMPORT_ENTRY_INVALID',
      'gina: ERR_SECRET_INVALID',
      'hank: ERR_IMPORT_ENTRY_INVALID',
      'ivan: ERR_IMPORT_ENTRY_INVALID',
      '|jill',
    ]);
    expect(parsed.entries[2]).toMatchObject({ reason: 'It uses MD5, which Tessera does not support.' });
    expect(parsed.entries[9]).toMatchObject({ account: { otp: { type: 'hotp', algorithm: 'SHA512', digits: 8, counter: 9 } } });
  });

  it('fails only the entry whose name is not UTF-8', () => {
    const bad = protobuf([[1, 'bytes', protobuf([[1, 'bytes', secret], [2, 'bytes', Uint8Array.from([0xff])]])], [1, 'bytes', otpMessage({ secret, name: 'ok' })]]);
    const parsed = parseGoogleMigration(migrationUri(bad));
    expect(parsed.entries.map((e) => e.ok)).toEqual([false, true]);
  });

  it('skips unknown fields of every wire type at both levels', () => {
    const otp = protobuf([[9, 'varint', 5n], [1, 'bytes', secret], [10, 'fixed32'], [11, 'fixed64'], [2, 'bytes', new TextEncoder().encode('x')], [12, 'bytes', secret]]);
    const payload = protobuf([[7, 'fixed64'], [1, 'bytes', otp], [6, 'varint', 1n], [9, 'bytes', secret]]);
    expect(parseGoogleMigration(migrationUri(payload)).entries[0]).toMatchObject({ ok: true, account: { label: 'x' } });
  });

  it('accepts raw + and / in data, which some producers leave unencoded', () => {
    const uri = RAW_PLUS_SLASH();
    expect(uri).toMatch(/[+/]/);
    expect(parseGoogleMigration(uri).entries).toHaveLength(1);
  });

  it('maps any entry a payload can hold to what formats.md §3 says', { timeout: PROPERTY.timeout }, () => {
    const arbOtp = fc.record({
      secret: fc.uint8Array({ minLength: 1, maxLength: 64 }),
      name: fc.constantFrom('alice', 'bob@example.com', 'Ünïcødé'),
      issuer: fc.constantFrom('', 'GitHub', 'ACME Corp'),
      algorithm: fc.integer({ min: 0, max: 3 }),
      digits: fc.integer({ min: 0, max: 2 }),
      type: fc.integer({ min: 0, max: 2 }),
      counter: fc.bigInt({ min: 0n, max: 2n ** 52n }),
    });
    fc.assert(fc.property(fc.array(arbOtp, { minLength: 1, maxLength: 5 }), (otps) => {
      const entries = parseGoogleMigration(uriOf(otps)).entries;
      otps.forEach((o, i) => {
        const algorithm = (['SHA1', 'SHA1', 'SHA256', 'SHA512'] as const)[o.algorithm];
        const digits = o.digits === 2 ? 8 : 6;
        const params = o.type === 1 ? { type: 'hotp', counter: Number(o.counter) } : { type: 'totp', period: 30 };
        expect(entries[i]).toEqual({
          ok: true,
          index: i + 1,
          name: o.issuer === '' ? o.name : `${o.issuer} (${o.name})`,
          account: { issuer: o.issuer, label: o.name, otp: { secret: encodeBase32(o.secret), algorithm, digits, ...params } },
        });
      });
    }), { numRuns: PROPERTY.runs(200, 5_000) });
  });
});

/** A payload whose base64 holds both `+` and `/`, written into the URI unencoded. */
function RAW_PLUS_SLASH(): string {
  for (let seed = 0; seed < 1000; seed++) {
    const payload = payloadMessage([{ secret: Uint8Array.from([seed & 255, 0xfb, 0xff, 0xbf, 0xfe]), name: 'n' }]);
    const data = Buffer.from(payload).toString('base64');
    if (data.includes('+') && data.includes('/')) return `otpauth-migration://offline?data=${data}`;
  }
  throw new Error('no such payload');
}

describe('Google Authenticator transfer, several QR codes', () => {
  const codes = [0, 1, 2].map((index) => uriOf([{ secret: Uint8Array.from([index + 1, 9, 9, 9, 9]), name: `account ${index}` }], { version: 1, size: 3, index, id: -7 }));

  it('merges the codes of one export given in any order, in index order', () => {
    const parsed = parseGoogleMigration([codes[2], codes[0], codes[1]].join('\n'));
    expect(parsed.entries.map((e) => e.name)).toEqual(['account 0', 'account 1', 'account 2']);
    expect(parsed.entries.map((e) => e.index)).toEqual([1, 2, 3]);
    expect(parsed.warnings).toEqual([]);
  });

  it('reports a missing code by its number and reads a repeated one once', () => {
    const parsed = parseGoogleMigration([codes[2], codes[0], codes[2]].join('\n'));
    expect(parsed.entries.map((e) => e.name)).toEqual(['account 0', 'account 2']);
    expect(parsed.warnings).toEqual(['QR code 3 of 3 was given twice; it was read once.', 'QR code 2 of 3 is missing.']);
  });

  it('keeps two different exports that share a batch id apart (version 2 exports have none)', () => {
    const a = uriOf([{ secret, name: 'a' }], { version: 2, size: 1, index: 0 });
    const b = uriOf([{ secret, name: 'b' }], { version: 2, size: 1, index: 0 });
    const parsed = parseGoogleMigration(`${a}\n${b}`);
    expect(parsed.entries.map((e) => e.name)).toEqual(['a', 'b']);
  });

  it('names the export of a missing code when several are given', () => {
    const other = uriOf([{ secret, name: 'z' }], { version: 1, size: 2, index: 1, id: 5 });
    expect(parseGoogleMigration(`${codes[0]}\n${codes[1]}\n${codes[2]}\n${other}`).warnings).toEqual(['Export 2: QR code 1 of 2 is missing.']);
  });
});

describe('Google Authenticator transfer, hostile and broken input', () => {
  const valid = uriOf([{ secret, name: 'a' }]);

  it('refuses lines that are not migration URIs, bad data and impossible batches', () => {
    for (const text of [
      '',
      '# nothing',
      'otpauth://totp/a?secret=JBSWY3DPEHPK3PXP',
      'otpauth-migration://online?data=AA',
      'otpauth-migration://offline?data=$$$$',
      'otpauth-migration://offline?data=%ZZ',
      'otpauth-migration://offline?x=1',
      `${valid}&data=AA`,
      uriOf([{ secret, name: 'a' }], { size: 2, index: 2 }),
      uriOf([{ secret, name: 'a' }], { size: 5000, index: 0 }),
      uriOf([{ secret, name: 'a' }], { size: -1, index: 0 }),
      `${valid}\nnot a uri`,
    ]) {
      expectCode(() => parseGoogleMigration(text), 'ERR_IMPORT_INVALID');
    }
  });

  it('refuses truncated data, absurd lengths, overlong varints and group wire types', () => {
    const payload = payloadMessage([{ secret, name: 'alice' }]);
    for (let cut = 1; cut < payload.length; cut++) {
      onlyCoreErrors(() => parseGoogleMigration(migrationUri(payload.subarray(0, cut))), ['ERR_IMPORT_INVALID']);
    }
    const absurd = Uint8Array.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0x01]);
    expectCode(() => parseGoogleMigration(migrationUri(absurd)), 'ERR_IMPORT_INVALID');
    expectCode(() => parseGoogleMigration(migrationUri(Uint8Array.from([0x10, ...new Array<number>(11).fill(0xff)]))), 'ERR_IMPORT_INVALID');
    expectCode(() => parseGoogleMigration(migrationUri(Uint8Array.from([0x0b]))), 'ERR_IMPORT_INVALID');
    expectCode(() => parseGoogleMigration(migrationUri(Uint8Array.from([0x00, 0x01]))), 'ERR_IMPORT_INVALID');
    expectCode(() => parseGoogleMigration(migrationUri(protobuf([[1, 'varint', 1n]]))), 'ERR_IMPORT_INVALID');
  });

  it('only ever throws ERR_IMPORT_INVALID for random and mutated payloads', { timeout: PROPERTY.timeout }, () => {
    const runs = PROPERTY.runs(500, 20_000);
    fc.assert(fc.property(fc.uint8Array({ maxLength: 120 }), (bytes) => {
      onlyCoreErrors(() => parseGoogleMigration(migrationUri(bytes)), ['ERR_IMPORT_INVALID']);
    }), { numRuns: runs });
    const payload = payloadMessage([{ secret, name: 'alice', issuer: 'A', type: 1, counter: 5n }, { secret, name: 'bob' }]);
    fc.assert(fc.property(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }), (edits) => {
      const mutated = Uint8Array.from(payload);
      for (const [at, byte] of edits) mutated[at % mutated.length] = byte;
      onlyCoreErrors(() => parseGoogleMigration(migrationUri(mutated)), ['ERR_IMPORT_INVALID']);
    }), { numRuns: runs });
    fc.assert(fc.property(fc.string({ maxLength: 120 }), (text) => {
      onlyCoreErrors(() => parseGoogleMigration(`otpauth-migration://offline?data=${text}`), ['ERR_IMPORT_INVALID']);
    }), { numRuns: runs });
  });
});
