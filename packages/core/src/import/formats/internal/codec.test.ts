import { describe, expect, it } from 'vitest';
import { CoreError } from '../../../errors.js';
import { invalidFile } from '../../internal/fail.js';
import { concatBytes, decodeHex } from './codec.js';

const fail = invalidFile('test file');

describe('decodeHex', () => {
  it('decodes either case within the length bounds', () => {
    expect(decodeHex('00ffAb', 3, 3, 'x', fail)).toEqual(Uint8Array.of(0, 255, 171));
    expect(decodeHex('', 0, 4, 'x', fail)).toEqual(new Uint8Array(0));
  });

  it.each(['0', 'zz', '00 ff', '0x00', '00ff00ff00'])('refuses %j', (text) => {
    expect(() => decodeHex(text, 1, 4, 'x', fail)).toThrow(CoreError);
  });

  it('refuses text longer than the bound before looking at it', () => {
    expect(() => decodeHex('0'.repeat(1e6), 32, 32, 'x', fail)).toThrow(/32 bytes of hex/);
  });
});

describe('concatBytes', () => {
  it('joins arrays far larger than a call stack could spread', () => {
    const a = new Uint8Array(5_000_000).fill(1);
    const joined = concatBytes(a, Uint8Array.of(2));
    expect(joined).toHaveLength(5_000_001);
    expect(joined[5_000_000]).toBe(2);
  });
});
