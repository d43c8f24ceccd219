import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { invalidEntry } from '../import/internal/fail.js';
import { expectCode, PROPERTY } from '../import/test-support/support.js';
import { decodeBase64, encodeBase64 } from './base64.js';

describe('decodeBase64', () => {
  it('decodes the Steam maFile example of formats.md §2.3', () => {
    const bytes = decodeBase64('THIl8+Jl6ugxr8x0X6eRMg==', 'shared_secret', invalidEntry);
    expect(Buffer.from(bytes).toString('base64')).toBe('THIl8+Jl6ugxr8x0X6eRMg==');
  });

  it('accepts both alphabets and missing padding', { timeout: PROPERTY.timeout }, () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
      const std = Buffer.from(bytes).toString('base64');
      expect(decodeBase64(std, 'x', invalidEntry)).toEqual(bytes);
      expect(decodeBase64(Buffer.from(bytes).toString('base64url'), 'x', invalidEntry)).toEqual(bytes);
      expect(decodeBase64(std.replace(/=+$/, ''), 'x', invalidEntry)).toEqual(bytes);
    }), { numRuns: PROPERTY.runs(300, 10_000) });
  });

  it('refuses characters outside the alphabets and impossible lengths', () => {
    expectCode(() => decodeBase64('ab$d', 'x', invalidEntry), 'ERR_IMPORT_ENTRY_INVALID');
    expectCode(() => decodeBase64('abcde', 'x', invalidEntry), 'ERR_IMPORT_ENTRY_INVALID');
    expectCode(() => decodeBase64('ab=c', 'x', invalidEntry), 'ERR_IMPORT_ENTRY_INVALID');
  });
});

describe('encodeBase64', () => {
  it('writes padded standard Base64, as Node does, and decodes back', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
      const text = encodeBase64(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64'));
      expect(decodeBase64(text, 'data', invalidEntry)).toEqual(bytes);
    }), { numRuns: PROPERTY.runs(200, 5_000) });
  });
});
