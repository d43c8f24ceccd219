import { describe, expect, it } from 'vitest';
import { pooledRandom } from './random-pool.js';

function counting(): { random: (length: number) => Uint8Array; calls: number[] } {
  const calls: number[] = [];
  let next = 0;
  const random = (length: number): Uint8Array => {
    calls.push(length);
    return Uint8Array.from({ length }, () => next++ & 0xff);
  };
  return { random, calls };
}

describe('pooledRandom', () => {
  it('serves small requests from blocks of the source, in the source order', () => {
    const source = counting();
    const random = pooledRandom(source.random);
    const drawn = Array.from({ length: 300 }, () => random(16));
    expect(source.calls).toEqual([4096, 4096]);
    expect(Array.from(drawn[0] ?? [])).toEqual(Array.from({ length: 16 }, (_, i) => i));
    expect(Array.from(drawn[1] ?? [])).toEqual(Array.from({ length: 16 }, (_, i) => 16 + i));
    expect(drawn[256]?.[0]).toBe(0);
  });

  it('hands out copies, and passes large requests straight through', () => {
    const source = counting();
    const random = pooledRandom(source.random);
    const a = random(4);
    a.fill(9);
    expect(Array.from(random(4))).toEqual([4, 5, 6, 7]);
    expect(random(1000)).toHaveLength(1000);
    expect(source.calls).toEqual([4096, 1000]);
  });

  it('refuses a source that returns the wrong length', () => {
    expect(() => pooledRandom(() => new Uint8Array(3))(16)).toThrow(TypeError);
  });
});
