import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CoreError } from '../errors.js';
import { PROPERTY } from '../vault/test-support/context.js';
import { decodeSnapshot } from './decode.js';
import { encodeSnapshot } from './encode.js';
import { arbSnapshot } from './test-support/arbitraries.js';
import { SOURCE, snapshotOf, vaultOf } from './test-support/fixtures.js';

const runs = PROPERTY.runs(200, 5_000);
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const BACKUP_CODES = ['ERR_BACKUP_CORRUPT', 'ERR_BACKUP_VERSION_UNSUPPORTED', 'ERR_BACKUP_MANIFEST_MISMATCH'];

/** Decodes `bytes`; anything but a snapshot or a backup CoreError fails the test. An accepted snapshot must re-encode. */
function decodeSafely(bytes: Uint8Array): void {
  try {
    encodeSnapshot(decodeSnapshot(bytes));
  } catch (error) {
    if (!(error instanceof CoreError)) throw error;
    expect(BACKUP_CODES).toContain(error.code);
  }
}

const arbMutation = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bits: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

type Mutation = typeof arbMutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(bytes: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  let out = Array.from(bytes);
  for (const m of mutations) {
    const at = out.length === 0 ? 0 : m.at % out.length;
    if (m.kind === 'flip' && out.length > 0) out[at] = out[at]! ^ m.bits;
    if (m.kind === 'insert') out.splice(at, 0, m.byte);
    if (m.kind === 'delete') out.splice(at, 1);
    if (m.kind === 'truncate') out = out.slice(0, at);
  }
  return new Uint8Array(out);
}

describe('decodeSnapshot on hostile input (security.md §2b case 2)', () => {
  it('only ever throws a backup CoreError for mutated snapshots', { timeout: PROPERTY.timeout }, () => {
    fc.assert(
      fc.property(arbSnapshot({ maxAccounts: 4 }), fc.array(arbMutation, { minLength: 1, maxLength: 4 }), (snapshot, mutations) => {
        decodeSafely(mutate(encodeSnapshot(snapshot), mutations));
      }),
      { numRuns: runs },
    );
  });

  it('only ever throws a backup CoreError for random bytes and random JSON', { timeout: PROPERTY.timeout }, () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 256 }), (bytes) => {
      decodeSafely(bytes);
    }), { numRuns: runs });
    fc.assert(fc.property(fc.json(), (text) => {
      decodeSafely(utf8(text));
    }), { numRuns: runs });
  });

  it('only ever throws a backup CoreError when any member is replaced by any JSON value', { timeout: PROPERTY.timeout }, () => {
    fc.assert(
      fc.property(arbSnapshot({ maxAccounts: 3 }), fc.nat(), fc.jsonValue(), (snapshot, pick, replacement) => {
        const doc = JSON.parse(new TextDecoder().decode(encodeSnapshot(snapshot))) as unknown;
        const slots: { parent: Record<string, unknown>; key: string }[] = [];
        const walk = (node: unknown): void => {
          if (typeof node !== 'object' || node === null) return;
          for (const [key, child] of Object.entries(node)) {
            slots.push({ parent: node as Record<string, unknown>, key });
            walk(child);
          }
        };
        walk(doc);
        const slot = slots[pick % slots.length]!;
        slot.parent[slot.key] = replacement;
        decodeSafely(utf8(JSON.stringify(doc)));
      }),
      { numRuns: runs },
    );
  });

  it('survives pathological nesting, a BOM and 10^5 empty accounts', () => {
    decodeSafely(utf8('['.repeat(200_000)));
    decodeSafely(utf8(`${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`));
    const text = new TextDecoder().decode(encodeSnapshot(snapshotOf(vaultOf([['GitHub', 'alice']]))));
    expect(() => decodeSnapshot(utf8(`\uFEFF${text}`))).not.toThrow();
    decodeSafely(utf8(text.replace('"accounts":[', `"accounts":[${'{},'.repeat(100_000)}`)));
  });
});

describe('prototype pollution', () => {
  const text = new TextDecoder().decode(encodeSnapshot(snapshotOf(vaultOf([['GitHub', 'alice']]))));
  // Spliced in as raw text: JSON.stringify of an object literal would not emit an own __proto__.
  const payloads = [
    text.replace('{"format"', '{"__proto__":{"polluted":true},"format"'),
    text.replace('{"format"', '{"constructor":{"prototype":{"polluted":true}},"format"'),
    text.replace('"manifest":{', '"manifest":{"__proto__":{"polluted":true},'),
    text.replace('"kind":"otp"', '"__proto__":{"polluted":true},"kind":"otp"'),
    text.replace('{"type":"totp"', '{"__proto__":{"polluted":true},"type":"totp"'),
    text.replace(`"deviceId":"${SOURCE.deviceId}"`, '"deviceId":"__proto__"'),
  ];

  it.each(payloads.map((p, i) => [i, p]))('refuses payload %i and leaves Object.prototype alone', (_, payload) => {
    expect(payload).not.toBe(text);
    expect(() => decodeSnapshot(utf8(payload))).toThrow(expect.objectContaining({ code: 'ERR_BACKUP_CORRUPT' }) as Error);
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});
