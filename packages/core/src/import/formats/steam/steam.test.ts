import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codeFor } from '../../../otp/code-for.js';
import { arbMutations, mutate } from '../../test-support/mutate.js';
import { expectCode, onlyCoreErrors, PROPERTY, utf8 } from '../../test-support/support.js';
import { parseSteamMaFile } from './import.js';

/** A maFile as Steam Desktop Authenticator writes one (formats.md §2.3), secret ASCII `1234567890abcdefghij`. */
function maFile(extra: Record<string, unknown> = {}): Uint8Array {
  return utf8(JSON.stringify({
    shared_secret: Buffer.from('1234567890abcdefghij').toString('base64'),
    serial_number: '1234567890123456789',
    revocation_code: 'R12345',
    uri: 'otpauth://totp/Steam:gabe?secret=GEZDGNBVGY3TQOJQMFRGGZDFMZTWQ2LK&issuer=Steam',
    server_time: 1469184207,
    account_name: 'gabe',
    token_gid: 'abc',
    identity_secret: 'aWRlbnRpdHk=',
    secret_1: 'c2VjcmV0',
    status: 1,
    device_id: 'android:0000',
    fully_enrolled: true,
    Session: { SessionID: 'x', SteamLogin: 'y', SteamID: 76561197960265728 },
    ...extra,
  }));
}

describe('Steam maFile', () => {
  it('imports the account with the steampy vector code and keeps the revocation code', () => {
    const [entry] = parseSteamMaFile(maFile()).entries;
    if (!entry?.ok) throw new Error('not imported');
    expect(entry).toMatchObject({ index: 1, name: 'Steam (gabe)' });
    expect(entry.account).toEqual({
      issuer: 'Steam',
      label: 'gabe',
      otp: { type: 'steam', secret: 'GEZDGNBVGY3TQOJQMFRGGZDFMZTWQ2LK', period: 30 },
      note: 'Steam revocation code: R12345',
    });
    expect(codeFor(entry.account.otp, 1_469_184_207_000).code).toBe('P2QJN');
  });

  it('decodes the base64 example of formats.md §2.3', () => {
    const [entry] = parseSteamMaFile(maFile({ shared_secret: 'THIl8+Jl6ugxr8x0X6eRMg==' })).entries;
    expect(entry).toMatchObject({ ok: true, account: { otp: { secret: 'JRZCL47CMXVOQMNPZR2F7J4RGI' } } });
  });

  it('falls back on uri without shared_secret, and reports a bad secret as a failed entry', () => {
    const fromUri = parseSteamMaFile(maFile({ shared_secret: null, account_name: null })).entries[0];
    expect(fromUri).toMatchObject({ ok: true, account: { label: 'gabe', otp: { type: 'steam', secret: 'GEZDGNBVGY3TQOJQMFRGGZDFMZTWQ2LK' } } });
    expect(parseSteamMaFile(maFile({ shared_secret: '***' })).entries[0]).toMatchObject({ ok: false, code: 'ERR_IMPORT_ENTRY_INVALID' });
    expect(parseSteamMaFile(maFile({ shared_secret: '' })).entries[0]).toMatchObject({ ok: false, code: 'ERR_SECRET_INVALID' });
  });

  it('refuses files that are not a maFile', () => {
    for (const text of ['[]', '{}', '{"account_name":"x"}', 'c2VjcmV0', '{"shared_secret":"x","__proto__":{}}']) {
      expectCode(() => parseSteamMaFile(utf8(text)), 'ERR_IMPORT_INVALID');
    }
  });

  it('only ever throws ERR_IMPORT_INVALID for random JSON and mutated files', { timeout: PROPERTY.timeout }, () => {
    const sample = maFile();
    const runs = PROPERTY.runs(300, 10_000);
    fc.assert(fc.property(arbMutations(), (mutations) => {
      onlyCoreErrors(() => parseSteamMaFile(mutate(sample, mutations)), ['ERR_IMPORT_INVALID']);
    }), { numRuns: runs });
    fc.assert(fc.property(fc.json(), (text) => {
      onlyCoreErrors(() => parseSteamMaFile(utf8(text)), ['ERR_IMPORT_INVALID']);
    }), { numRuns: runs });
  });
});
