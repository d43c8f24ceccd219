import { describe, expect, it } from 'vitest';
import { checkCountDrop, checkRollback } from './guards.js';

describe('checkRollback (security.md S10, case 9)', () => {
  it.each<[number | undefined, number, 'ok' | 'rollback']>([
    [undefined, 0, 'ok'],
    [undefined, 7, 'ok'],
    [7, 8, 'ok'],
    [8, 8, 'ok'],
    [8, 7, 'rollback'],
    [1_000, 0, 'rollback'],
  ])('highest seen %s, offered %i → %s', (seen, generation, verdict) => {
    expect(checkRollback(seen, generation)).toBe(verdict);
  });

  it('treats impossible generations as caller mistakes', () => {
    expect(() => checkRollback(undefined, -1)).toThrow(RangeError);
    expect(() => checkRollback(1.5, 2)).toThrow(RangeError);
    expect(() => checkRollback(1, Number.NaN)).toThrow(RangeError);
  });
});

describe('checkCountDrop (security.md §2 rule 4: more than half and at least 3 lost is sharp)', () => {
  it.each<[number | undefined, number, 'ok' | 'drop-to-zero' | 'sharp-drop']>([
    [undefined, 0, 'ok'],
    [0, 0, 'ok'],
    [1, 0, 'drop-to-zero'],
    [100, 0, 'drop-to-zero'],
    [2, 1, 'ok'],
    [3, 1, 'ok'],
    [4, 1, 'sharp-drop'],
    [5, 2, 'sharp-drop'],
    [6, 3, 'ok'],
    [100, 49, 'sharp-drop'],
    [100, 50, 'ok'],
    [10, 20, 'ok'],
  ])('from %s to %i → %s', (previous, next, verdict) => {
    expect(checkCountDrop(previous, next)).toBe(verdict);
  });

  it('treats impossible counts as caller mistakes', () => {
    expect(() => checkCountDrop(undefined, -1)).toThrow(RangeError);
    expect(() => checkCountDrop(0.5, 0)).toThrow(RangeError);
  });
});
