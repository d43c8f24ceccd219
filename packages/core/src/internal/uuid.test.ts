import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isUuid, uuidV4 } from './uuid.js';

describe('uuidV4', () => {
  it('sets the version and variant bits and writes canonical lower case', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (bytes) => {
        const copy = Uint8Array.from(bytes);
        const id = uuidV4(() => bytes);
        expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(isUuid(id)).toBe(true);
        expect(bytes).toEqual(copy);
        const b = Uint8Array.from(bytes);
        b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
        b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
        expect(id.replaceAll('-', '')).toBe(Buffer.from(b).toString('hex'));
      }),
    );
    expect(uuidV4(() => new Uint8Array(16).fill(0xff))).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
  });

  it('refuses a random source that does not deliver 16 bytes', () => {
    expect(() => uuidV4(() => new Uint8Array(15))).toThrow(TypeError);
    expect(() => uuidV4(() => [1, 2, 3] as unknown as Uint8Array)).toThrow(TypeError);
  });
});

describe('isUuid', () => {
  it('accepts only canonical lower-case UUID text', () => {
    expect(isUuid('0b7e3c9a-1d2f-4e5a-8b6c-7d8e9f0a1b2c')).toBe(true);
    expect(isUuid('0B7E3C9A-1D2F-4E5A-8B6C-7D8E9F0A1B2C')).toBe(false);
    expect(isUuid('0b7e3c9a1d2f4e5a8b6c7d8e9f0a1b2c')).toBe(false);
    expect(isUuid('{0b7e3c9a-1d2f-4e5a-8b6c-7d8e9f0a1b2c}')).toBe(false);
  });
});
