/**
 * Damaged snapshots at the CLI (issue "Faults that must lose nothing"; CONVENTIONS §7): flip
 * one byte anywhere in the newest snapshot of a folder destination, or cut it short, and
 * `tessera restore` must fail with a typed error and its documented exit code — never crash,
 * never restore the damaged data, and never quietly fall back to the older intact generation
 * (the CLI does not offer `olderOnFailure`). The target vault folder is not even created.
 * In-process; the snapshot is tiny (about 1 KB), so every byte position is tried with a random
 * mask; single-bit flips and truncations are sampled (200 each), or exhaustive with `SLOW=1`.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { exitCodeTable } from '../exit-codes.js';
import { tempDir } from '../store/test-support/temp-dir.js';
import { contentOf, errorCodeIn, filesUnder, ok, readVault, restoreInto, setUpBackups, SECRET, type VaultContent } from './test-support/backup-vaults.js';

const SLOW = process.env['SLOW'] !== undefined;
const REJECTIONS = new Set(['ERR_BACKUP_CORRUPT', 'ERR_BACKUP_KEY_MISMATCH']);
const EXIT_CODES = new Map(exitCodeTable());

let root: string;
let dest: string;
let credential: string[];
/** The newest generation's file, and its pristine bytes. */
let newest: string;
let pristine: Uint8Array;
let newestContent: VaultContent | undefined;
let olderContent: VaultContent | undefined;
let attempt = 0;

beforeAll(async () => {
  root = await tempDir('tessera-restore-fuzz-');
  const vaultDir = join(root, 'vault');
  dest = join(root, 'dest');
  const recoveryKeyFile = join(root, 'recovery.txt');
  credential = ['--recovery-key-file', recoveryKeyFile];
  await setUpBackups(vaultDir, dest, recoveryKeyFile, { count: 1 });
  olderContent = contentOf(await readVault(vaultDir));
  await ok(vaultDir, ['add', '--issuer', 'Newer', '--label', 'second', '--secret', SECRET]);
  await ok(vaultDir, ['backup', 'now']);
  newestContent = contentOf(await readVault(vaultDir));
  const snapshots = (await filesUnder(dest)).filter((name) => name.startsWith('tessera/devices/'));
  expect(snapshots).toHaveLength(2);
  newest = join(dest, snapshots[1] ?? '');
  pristine = new Uint8Array(await readFile(newest));
});

/** Restores from the destination with `damaged` as the newest snapshot; asserts a typed refusal that changed nothing. */
async function expectRefused(damaged: Uint8Array, what: string): Promise<string> {
  await writeFile(newest, damaged);
  const target = join(root, `target-${String(attempt++)}`);
  const outcome = await restoreInto(target, dest, credential);
  const code = errorCodeIn(outcome.stderr);
  expect(outcome.content, `${what}: restored ${JSON.stringify(isDeepStrictEqual(outcome.content, olderContent) ? 'the older generation' : outcome.content)}`).toBeUndefined();
  expect(code !== undefined && REJECTIONS.has(code), `${what}: ${outcome.stderr}`).toBe(true);
  expect(outcome.code, what).toBe(EXIT_CODES.get(code ?? ''));
  expect(outcome.folderExists, `${what}: the target folder was created`).toBe(false);
  await rm(target, { recursive: true, force: true });
  return code ?? '';
}

function flipped(position: number, mask: number): Uint8Array {
  const bytes = pristine.slice();
  bytes[position] = (bytes[position] ?? 0) ^ mask;
  return bytes;
}

describe('restore from a damaged newest snapshot (folder destination, recovery key)', () => {
  it('restores the undamaged file exactly (the control)', async () => {
    await writeFile(newest, pristine);
    const outcome = await restoreInto(join(root, 'control'), dest, credential);
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(outcome.content).toEqual(newestContent);
    expect(newestContent).not.toEqual(olderContent);
  });

  it('refuses every single-byte flip with a typed error and its exit code, changing nothing', { timeout: 300_000 }, async () => {
    const seen = new Map<string, number>();
    // Every position, each with a random non-zero mask (fast-check's seed is printed on failure).
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 255 }), { minLength: pristine.length, maxLength: pristine.length }), async (masks) => {
        for (const [position, mask] of masks.entries()) {
          const code = await expectRefused(flipped(position, mask), `byte ${String(position)} ^ 0x${mask.toString(16)}`);
          seen.set(code, (seen.get(code) ?? 0) + 1);
        }
      }),
      { numRuns: SLOW ? 8 : 1 },
    );
    // Both ways a damaged file can fail are exercised: the header's recipient stanza and the rest.
    expect([...seen.keys()].sort()).toEqual([...REJECTIONS].sort());
  });

  it('refuses single-bit flips (every bit of every byte when SLOW, 200 sampled otherwise)', { timeout: 300_000 }, async () => {
    // Flips of the low bits of a base64 character are where a lax decoder would accept a non-canonical encoding.
    const bitFlip = fc.record({ position: fc.nat({ max: pristine.length - 1 }), bit: fc.nat({ max: 7 }) });
    const property = fc.asyncProperty(bitFlip, async ({ position, bit }) => {
      await expectRefused(flipped(position, 1 << bit), `byte ${String(position)} bit ${String(bit)}`);
    });
    if (!SLOW) {
      await fc.assert(property, { numRuns: 200 });
      return;
    }
    for (let position = 0; position < pristine.length; position++) {
      for (let bit = 0; bit < 8; bit++) await expectRefused(flipped(position, 1 << bit), `byte ${String(position)} bit ${String(bit)}`);
    }
  });

  it('refuses truncations (every length when SLOW, 200 sampled otherwise) and a trailing byte', { timeout: 120_000 }, async () => {
    const lengths = SLOW ? Array.from({ length: pristine.length }, (_, n) => n) : [0, 1, pristine.length - 1, ...fc.sample(fc.nat({ max: pristine.length - 1 }), 197)];
    for (const length of lengths) await expectRefused(pristine.slice(0, length), `cut to ${String(length)} of ${String(pristine.length)} bytes`);
    await expectRefused(new Uint8Array([...pristine, 0x0a]), 'one byte appended');
  });
});
