import { describe, expect, it } from 'vitest';
import { CoreError } from '../errors.js';
import { parseOtpauthUri } from './parse.js';
import { MAX_OTPAUTH_URI_LENGTH } from './types.js';

const GOOGLE = 'otpauth://totp/Example:alice@google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example';

function codeOf(uri: string): string | undefined {
  try {
    parseOtpauthUri(uri);
  } catch (error) {
    expect(error).toBeInstanceOf(CoreError);
    return (error as CoreError).code;
  }
  return undefined;
}

describe('parseOtpauthUri (Key Uri Format)', () => {
  it('reads the Key Uri Format example', () => {
    expect(parseOtpauthUri(GOOGLE)).toStrictEqual({
      issuer: 'Example',
      label: 'alice@google.com',
      otp: { type: 'totp', secret: 'JBSWY3DPEHPK3PXP', algorithm: 'SHA1', digits: 6, period: 30 },
    });
  });

  it('prefers the issuer parameter over a different label prefix', () => {
    const parsed = parseOtpauthUri('otpauth://totp/Prefix:alice?secret=JBSWY3DPEHPK3PXP&issuer=Param');
    expect([parsed.issuer, parsed.label]).toEqual(['Param', 'alice']);
  });

  it('ignores whitespace around the URI, as QR decoders and pastes leave it', () => {
    expect(parseOtpauthUri(`  ${GOOGLE}\r\n`)).toStrictEqual(parseOtpauthUri(GOOGLE));
  });

  it('rejects raw control characters inside the URI', () => {
    expect(codeOf(GOOGLE.replace('alice', 'al\u0007ice'))).toBe('ERR_URI_INVALID');
    expect(codeOf(GOOGLE.replace('alice', 'al\nice'))).toBe('ERR_URI_INVALID');
    expect(codeOf(GOOGLE.replace('alice', 'al\uD800ice'))).toBe('ERR_URI_INVALID');
  });

  it('rejects names holding invisible formatting characters, as the vault does', () => {
    expect(codeOf(GOOGLE.replace('alice', 'al%E2%80%8Bice'))).toBe('ERR_URI_INVALID');
    expect(codeOf(GOOGLE.replace('alice', 'al\u200Bice'))).toBe('ERR_URI_INVALID');
    expect(codeOf(GOOGLE.replace('issuer=Example', 'issuer=Goo%E2%80%8Egle'))).toBe('ERR_URI_INVALID');
    expect(codeOf(GOOGLE.replace('alice', 'alice%E2%80%AE'))).toBe('ERR_URI_INVALID');
    expect(parseOtpauthUri(GOOGLE.replace('alice', '%F0%9F%91%A9%E2%80%8D%F0%9F%92%BB')).label).toBe('👩‍💻@google.com');
  });

  it(`reads URIs up to ${MAX_OTPAUTH_URI_LENGTH} characters and refuses longer ones`, () => {
    const prefix = `${GOOGLE}&image=data:image/png;base64,`;
    const longest = prefix + 'A'.repeat(MAX_OTPAUTH_URI_LENGTH - prefix.length);
    expect(parseOtpauthUri(longest).icon?.image).toHaveLength(MAX_OTPAUTH_URI_LENGTH - GOOGLE.length - '&image='.length);
    expect(codeOf(`${longest}A`)).toBe('ERR_URI_INVALID');
  });

  it('leaves no icon key when no icon part is usable', () => {
    expect(parseOtpauthUri(`${GOOGLE}&image=http%3A%2F%2Fexample.com%2Fi.png&color=12345`)).not.toHaveProperty('icon');
  });

  it('keeps `+` in an image URL and decodes it as a space in the issuer', () => {
    const parsed = parseOtpauthUri('otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&issuer=A+B&image=data:image/png;base64,a+b=');
    expect(parsed.issuer).toBe('A B');
    expect(parsed.icon).toStrictEqual({ image: 'data:image/png;base64,a+b=' });
  });

  it('names the parameter at fault with its code', () => {
    expect(codeOf('otpauth://totp/a?secret=JBSWY3DPEHPK3PX!')).toBe('ERR_SECRET_INVALID');
    expect(codeOf('otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&digits=7.5')).toBe('ERR_OTP_PARAMS_INVALID');
    expect(codeOf('otpauth://yaotp/a?secret=JBSWY3DPEHPK3PXP')).toBe('ERR_URI_UNSUPPORTED');
  });

  it('treats a caller passing a non-string as a TypeError', () => {
    expect(() => parseOtpauthUri(42 as unknown as string)).toThrow(TypeError);
  });
});
