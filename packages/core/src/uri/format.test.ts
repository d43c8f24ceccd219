import { describe, expect, it } from 'vitest';
import { CoreError } from '../errors.js';
import type { OtpParameters } from '../otp/types.js';
import { addAccount } from '../vault/add-account.js';
import { createVault } from '../vault/create.js';
import { MAX_ICON_IMAGE_LENGTH } from '../vault/fields.js';
import { formatOtpauthUri } from './format.js';
import { parseOtpauthUri } from './parse.js';
import { MAX_OTPAUTH_URI_LENGTH, type OtpauthUri } from './types.js';

const TOTP: OtpParameters = { type: 'totp', secret: 'JBSWY3DPEHPK3PXP', algorithm: 'SHA1', digits: 6, period: 30 };

function account(fields: Partial<OtpauthUri>): OtpauthUri {
  return { issuer: 'Example', label: 'alice@google.com', otp: TOTP, ...fields };
}

describe('formatOtpauthUri (Key Uri Format)', () => {
  it('writes the Key Uri Format full example', () => {
    const uri = formatOtpauthUri({
      issuer: 'ACME Co',
      label: 'john.doe@email.com',
      otp: { type: 'totp', secret: 'HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ', algorithm: 'SHA1', digits: 6, period: 30 },
    });
    expect(uri).toBe(
      'otpauth://totp/ACME%20Co:john.doe%40email.com?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30',
    );
  });

  it('writes HOTP with its counter', () => {
    const otp: OtpParameters = { type: 'hotp', secret: 'JBSWY3DPEHPK3PXP', algorithm: 'SHA256', digits: 8, counter: 42 };
    expect(formatOtpauthUri(account({ otp }))).toBe(
      'otpauth://hotp/Example:alice%40google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example&algorithm=SHA256&digits=8&counter=42',
    );
  });

  it('writes Steam as otpauth://steam with its fixed parameters', () => {
    const otp: OtpParameters = { type: 'steam', secret: 'JRZCL47CMXVOQMNPZR2F7J4RGI', period: 30 };
    expect(formatOtpauthUri({ issuer: 'Steam', label: 'gaben', otp })).toBe(
      'otpauth://steam/Steam:gaben?secret=JRZCL47CMXVOQMNPZR2F7J4RGI&issuer=Steam&algorithm=SHA1&digits=5&period=30',
    );
  });

  it('writes the icon, colour upper case', () => {
    const uri = formatOtpauthUri(account({ icon: { image: 'https://example.com/a b.png', color: 'ff8800' } }));
    expect(uri).toMatch(/&image=https%3A%2F%2Fexample\.com%2Fa%20b\.png&color=FF8800$/);
  });

  it('omits the label prefix and the issuer parameter for an empty issuer', () => {
    expect(formatOtpauthUri(account({ issuer: '' }))).toBe(
      'otpauth://totp/alice%40google.com?secret=JBSWY3DPEHPK3PXP&algorithm=SHA1&digits=6&period=30',
    );
  });

  it.each([
    ['an issuer holding a colon', { issuer: 'Foo:Bar' }],
    ['a label starting with a space', { label: ' alice' }],
    ['a label holding two colons', { label: 'a:b:c' }],
  ])('relies on the issuer parameter alone for %s', (_, fields) => {
    const value = account(fields);
    const uri = formatOtpauthUri(value);
    expect(uri).toMatch(/^otpauth:\/\/totp\/[^:]*\?/);
    expect(parseOtpauthUri(uri)).toStrictEqual(value);
  });

  it.each([
    ['an empty label', account({ label: '' })],
    ['a control character', account({ issuer: 'bad\u001b[2J' })],
    ['a lone surrogate', account({ label: 'x\uDC00' })],
    ['invalid OTP parameters', account({ otp: { ...TOTP, digits: 5 } })],
    ['an http image', account({ icon: { image: 'http://example.com/i.png' } })],
    ['a bad colour', account({ icon: { color: 'red' } })],
  ])('rejects %s with a TypeError', (_, value) => {
    expect(() => formatOtpauthUri(value)).toThrow(TypeError);
  });

  it('reports a label with one colon as ERR_URI_UNSUPPORTED (a vault may hold it), asking for a rename', () => {
    expect(() => formatOtpauthUri(account({ label: 'a:b' }))).toThrow(
      expect.objectContaining({ name: 'CoreError', code: 'ERR_URI_UNSUPPORTED', message: expect.stringContaining('rename the account') as string }) as Error,
    );
  });

  it(`reports a URI longer than ${MAX_OTPAUTH_URI_LENGTH} characters as ERR_URI_UNSUPPORTED, blaming the icon`, () => {
    const image = `data:image/png;base64,${'A'.repeat(MAX_OTPAUTH_URI_LENGTH)}`;
    expect(() => formatOtpauthUri(account({ icon: { image } }))).toThrow(
      expect.objectContaining({ name: 'CoreError', code: 'ERR_URI_UNSUPPORTED', message: expect.stringContaining('icon is too large') as string }) as Error,
    );
  });

  it('fails with a CoreError, never a crash, for any account the vault accepts', () => {
    const ctx = { now: 1, random: (n: number) => new Uint8Array(n).fill(7) };
    const image = `data:image/png;base64,${'A'.repeat(MAX_ICON_IMAGE_LENGTH - 22)}`;
    const { account: stored } = addAccount(createVault(ctx), { issuer: 'Corp', label: 'work:alice', otp: TOTP, icon: { image } }, ctx);
    const uri = { issuer: stored.issuer, label: stored.label, otp: stored.otp, ...(stored.icon === undefined ? {} : { icon: stored.icon }) };
    expect(() => formatOtpauthUri(uri)).toThrow(CoreError);
    expect(() => formatOtpauthUri({ ...uri, label: 'work alice' })).toThrow(CoreError);
    const usedUp: OtpParameters = { type: 'hotp', secret: 'JBSWY3DPEHPK3PXP', algorithm: 'SHA1', digits: 6, counter: Number.MAX_SAFE_INTEGER };
    expect(() => formatOtpauthUri(account({ otp: usedUp }))).toThrow(expect.objectContaining({ code: 'ERR_URI_UNSUPPORTED' }) as Error);
  });
});
