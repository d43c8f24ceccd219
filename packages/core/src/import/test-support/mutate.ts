/**
 * Byte-level mutations of valid exports for fuzz properties: flip, insert, delete, truncate.
 *
 * @module
 */
import fc from 'fast-check';

/** One edit of a byte string. */
export type Mutation =
  | { readonly kind: 'flip'; readonly at: number; readonly bits: number }
  | { readonly kind: 'insert'; readonly at: number; readonly byte: number }
  | { readonly kind: 'delete'; readonly at: number }
  | { readonly kind: 'truncate'; readonly at: number };

/** Up to `max` edits, interesting bytes for JSON and CSV favoured. */
export function arbMutations(max = 4): fc.Arbitrary<Mutation[]> {
  const byte = fc.oneof(fc.constantFrom(...Array.from('{}[]",:\\\n0-', (c) => c.charCodeAt(0))), fc.integer({ min: 0, max: 255 }));
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bits: fc.integer({ min: 1, max: 255 }) }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), byte }),
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  );
  return fc.array(mutation, { minLength: 1, maxLength: max });
}

/** `bytes` with `mutations` applied in order (positions taken modulo the current length). */
export function mutate(bytes: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  let out = Array.from(bytes);
  for (const m of mutations) {
    const at = out.length === 0 ? 0 : m.at % out.length;
    if (m.kind === 'flip' && out.length > 0) out[at] = (out[at] ?? 0) ^ m.bits;
    if (m.kind === 'insert') out.splice(at, 0, m.byte);
    if (m.kind === 'delete') out.splice(at, 1);
    if (m.kind === 'truncate') out = out.slice(0, at);
  }
  return Uint8Array.from(out);
}
