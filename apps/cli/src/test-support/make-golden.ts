/**
 * Makes one golden backup set (`vectors/backup-v1/<set>/`) the way a person would: the golden
 * vault goes into a real vault folder, `tessera backup setup --to <set>/destination` publishes
 * generation 1 and the passphrase keyring, a change follows, `tessera backup now` publishes
 * generation 2. Then the set gets its test-only recovery key, the newest snapshot decoded
 * (`expected.json`), what restoring it into an empty vault reports (`expected-report.json`) and
 * `SHA256SUMS`. It refuses to touch a set that exists: golden files are made once and kept
 * forever, and a changed file must show up as a failing checksum, never as a quiet rewrite.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { decodeSnapshot, encodeSnapshot } from '@tessera/core';
import { decryptSnapshot, listSnapshots, parseRecoveryKey } from '@tessera/backup';
import { folderDestination } from '../backup/folder-destination.js';
import { openFileStore } from '../vault-access.js';
import { GOLDEN_EPOCH, goldenChange, goldenVault } from './golden-vault.js';
import { tessera, testIo } from './memory-io.js';

/** The backup passphrase of every golden set. Public test data: it protects nothing. */
export const GOLDEN_PASSPHRASE = 'tessera golden backup v1, a public test passphrase';
/** The device name the golden sets were written under. */
export const GOLDEN_DEVICE_NAME = 'Golden test laptop';
/** Clock of each step: setup, the second backup, the restore that made the expected report. */
export const GOLDEN_TIMES = { setup: GOLDEN_EPOCH + 3_600_000, second: GOLDEN_EPOCH + 7_200_000, restore: GOLDEN_EPOCH + 10_800_000 } as const;

/** Every file under `root`, as sorted `/`-separated relative paths. */
export async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)).split('\\').join('/'))
    .sort();
}

/** `sha256sum`-style lines for every file under `root` but `SHA256SUMS` itself. */
export async function checksums(root: string): Promise<string> {
  const lines = [];
  for (const path of await filesUnder(root)) {
    if (path === 'SHA256SUMS') continue;
    lines.push(`${createHash('sha256').update(await readFile(join(root, path))).digest('hex')}  ${path}`);
  }
  return `${lines.join('\n')}\n`;
}

async function run(dir: string, args: readonly string[], now: number): Promise<string> {
  const result = await tessera(dir, args, { now, env: { TESSERA_BACKUP_PASSPHRASE: GOLDEN_PASSPHRASE } });
  if (result.code !== 0) throw new Error(`tessera ${args.join(' ')} failed (${String(result.code)}): ${result.stderr}`);
  return result.stdout;
}

async function writeVaultAndBackUp(work: string, destination: string, kind: 'classic' | 'hybrid'): Promise<string> {
  const vaultDir = join(work, 'vault');
  await openFileStore(testIo({ now: GOLDEN_TIMES.setup }), vaultDir).create(goldenVault());
  const keyFile = join(work, 'recovery-key.txt');
  const setup = ['backup', 'setup', '--to', destination, '--device-name', GOLDEN_DEVICE_NAME, '--no-auto', '--recovery-key-out', keyFile];
  await run(vaultDir, kind === 'classic' ? [...setup, '--classic'] : setup, GOLDEN_TIMES.setup);
  await openFileStore(testIo({ now: GOLDEN_TIMES.second }), vaultDir).update((vault) => ({ vault: goldenChange(vault), result: undefined }));
  await run(vaultDir, ['backup', 'now'], GOLDEN_TIMES.second);
  return parseRecoveryKey((await readFile(keyFile, 'utf8')).split('\n').filter((l) => !l.startsWith('#')).join('')).identity;
}

function recoveryFile(set: string, identity: string): string {
  return [
    `# TEST-ONLY recovery key of the Tessera golden backup vectors/backup-v1/${set}/.`,
    '# It is public: never use it, or anything encrypted to it, for real secrets.',
    identity,
    '',
  ].join('\n');
}

/** The newest snapshot's plaintext, members in the document's own order, indented for reading. */
async function expectedSnapshot(destination: string, identity: string): Promise<string> {
  const [device] = await listSnapshots(folderDestination(destination));
  const newest = device?.snapshots[0];
  if (newest === undefined) throw new Error('the golden destination holds no snapshot');
  const plaintext = await decryptSnapshot(new Uint8Array(await readFile(join(destination, ...newest.name.split('/')))), [identity]);
  // The document must be what the decoder reads back and re-encodes byte for byte.
  if (Buffer.compare(Buffer.from(encodeSnapshot(decodeSnapshot(plaintext))), Buffer.from(plaintext)) !== 0) {
    throw new Error('the snapshot does not re-encode to the same bytes');
  }
  return `${JSON.stringify(JSON.parse(new TextDecoder().decode(plaintext)), null, 2)}\n`;
}

async function expectedReport(work: string, destination: string): Promise<string> {
  const copy = join(work, 'copy');
  await cp(destination, copy, { recursive: true });
  const report = JSON.parse(await run(join(work, 'restored'), ['restore', '--from', copy, '--no-backup', '--json'], GOLDEN_TIMES.restore)) as Record<string, unknown>;
  // Where the copy was restored from is a temporary path; everything else is fixed.
  delete report['from'];
  return `${JSON.stringify(report, null, 2)}\n`;
}

/**
 * Writes golden set `set` into `target` (which must not exist yet).
 *
 * @example
 * ```ts
 * await makeGoldenSet('vectors/backup-v1/classic', 'classic', 'classic');
 * ```
 */
export async function makeGoldenSet(target: string, set: string, kind: 'classic' | 'hybrid'): Promise<void> {
  if (await stat(target).then(() => true, () => false)) throw new Error(`${target} exists: golden files are never regenerated`);
  const work = await mkdtemp(join(tmpdir(), 'tessera-golden-'));
  try {
    const destination = join(target, 'destination');
    await mkdir(target, { recursive: true });
    const identity = await writeVaultAndBackUp(work, destination, kind);
    await writeFile(join(target, 'recovery.txt'), recoveryFile(set, identity));
    await writeFile(join(target, 'expected.json'), await expectedSnapshot(destination, identity));
    await writeFile(join(target, 'expected-report.json'), await expectedReport(work, destination));
    await writeFile(join(target, 'SHA256SUMS'), await checksums(target));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
