import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CoreError } from '../errors.js';
import { decodeVault } from './decode.js';
import { encodeVault } from './encode.js';
import { arbVault } from './test-support/arbitraries.js';
import { PROPERTY } from './test-support/context.js';

const runs = PROPERTY.runs(200, 5_000);
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Decodes `bytes`; anything but a vault or a CoreError fails the test. An accepted vault must re-encode. */
function decodeSafely(bytes: Uint8Array): void {
  try {
    const vault = decodeVault(bytes);
    encodeVault(vault);
  } catch (error) {
    if (!(error instanceof CoreError)) throw error;
    expect(['ERR_VAULT_CORRUPT', 'ERR_VAULT_VERSION_UNSUPPORTED']).toContain(error.code);
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

describe('decodeVault on hostile input', () => {
  it('only ever throws CoreError for mutated vault files', { timeout: PROPERTY.timeout }, () => {
    fc.assert(
      fc.property(arbVault({ maxAccounts: 4 }), fc.array(arbMutation, { minLength: 1, maxLength: 4 }), (vault, mutations) => {
        decodeSafely(mutate(encodeVault(vault), mutations));
      }),
      { numRuns: runs },
    );
  });

  it('only ever throws CoreError for random bytes and random JSON', { timeout: PROPERTY.timeout }, () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 256 }), (bytes) => {
        decodeSafely(bytes);
      }), { numRuns: runs });
    fc.assert(fc.property(fc.json(), (text) => {
        decodeSafely(utf8(text));
      }), { numRuns: runs });
  });

  it('only ever throws CoreError when any member is replaced by any JSON value', { timeout: PROPERTY.timeout }, () => {
    fc.assert(
      fc.property(arbVault({ maxAccounts: 3 }), fc.nat(), fc.jsonValue(), (vault, pick, replacement) => {
        const doc = JSON.parse(new TextDecoder().decode(encodeVault(vault))) as unknown;
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

  it('survives pathological nesting', () => {
    decodeSafely(utf8('['.repeat(200_000)));
    decodeSafely(utf8(`${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`));
  });
});

describe('prototype pollution', () => {
  const base = JSON.parse(
    new TextDecoder().decode(
      encodeVault({
        version: 1,
        vaultId: '11111111-1111-4111-8111-111111111111',
        updatedAt: 0,
        groups: [],
        accounts: [
          {
            id: '22222222-2222-4222-8222-222222222222', kind: 'otp', issuer: 'a', label: 'b', icon: { color: '000000' }, groups: [],
            note: '', favourite: false, position: 0, createdAt: 0, updatedAt: 0,
            otp: { type: 'totp', secret: 'JBSWY3DPEHPK3PXP', algorithm: 'SHA1', digits: 6, period: 30 },
          },
        ],
        tombstones: [],
      }),
    ),
  ) as { accounts: Record<string, unknown>[] };
  const text = JSON.stringify(base);

  // Spliced in as raw text, because JSON.stringify of an object literal would not emit an own __proto__.
  const payloads = [
    text.replace('{"format"', '{"__proto__":{"polluted":true},"format"'),
    text.replace('{"format"', '{"constructor":{"prototype":{"polluted":true}},"format"'),
    text.replace('"kind":"otp"', '"__proto__":{"polluted":true},"kind":"otp"'),
    text.replace('{"type":"totp"', '{"__proto__":{"polluted":true},"type":"totp"'),
    text.replace('{"color"', '{"__proto__":{"polluted":true},"color"'),
    text.replace('"groups":[]', '"groups":[],"__proto__":[]'),
    text.replace('"kind":"otp"', '"kind":"__proto__"'),
    text.replace('"type":"totp"', '"type":"constructor"'),
  ];

  it.each(payloads.map((p, i) => [i, p]))('refuses payload %i and leaves Object.prototype alone', (_, payload) => {
    expect(payload).not.toBe(text);
    expect(() => decodeVault(utf8(payload))).toThrow(expect.objectContaining({ code: 'ERR_VAULT_CORRUPT' }) as Error);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});
