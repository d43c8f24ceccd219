// Backup and restore of a 10,000-account vault, in one run, against the `age` CLI encrypting and
// decrypting the very same plaintext bytes. Backup is what `tessera backup now` does after the
// keyring is in hand: createSnapshot → encodeSnapshot → publishGeneration to a folder destination
// (encrypt, write, read back, decrypt, compare, prune). Restore is what `tessera restore` does
// after unlocking: read the file → decryptSnapshot → decodeSnapshot → planRestore → applyRestore
// onto a fresh device → encodeVault (the bytes the CLI then encrypts to the device key). The
// passphrase KDF is excluded on both sides: identities are used directly. age 1.1.1 has no
// post-quantum keys, so the fair comparison is our classic (X25519) recipient against
// `age -r age1…`; the hybrid numbers are printed beside it. Rounds interleave every candidate so
// a noisy neighbour hurts them all alike; medians, and ratios as medians of per-round ratios.
// age-encryption's declarations name two browser types; the CLI's opaque shims stand in for them.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- global declarations have no module to import.
/// <reference path="../apps/cli/src/dom-shims.d.ts" />
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import {
  applyRestore,
  createSnapshot,
  decodeSnapshot,
  decodeVault,
  encodeSnapshot,
  encodeVault,
  orderedAccounts,
  planRestore,
} from '@tessera/core';
import { decryptSnapshot, generateBackupIdentity, publishGeneration } from '@tessera/backup';
import { folderDestination } from '../apps/cli/dist/backup/folder-destination.js';
import { nodeRandom } from '../apps/cli/dist/crypto/age-scrypt.js';
import { benchVault } from './backup-vault.js';
import { median, medianMinMaxCells, pairedRatio, phaseMedians, sum } from './stats.js';
import { timedSpawn } from './timed-spawn.js';

/** @typedef {{ title: string, ok: boolean, lines: string[] }} SectionResult */
/** @typedef {'classic' | 'hybrid'} Kind */
/** @typedef {{ identity: string, recipient: string, root: string, destination: import('@tessera/core').Destination }} Keyed */
/** @typedef {Record<string, number>} Phases */

export const title = 'Backup and restore of 10,000 accounts (Tessera vs the age CLI on the same bytes)';

const ACCOUNTS = 10_000;
const DEVICE = 'bench-device';
const NOW = Date.UTC(2026, 0, 31, 9, 0, 0);

/**
 * Runs `step`, adding its milliseconds to `phases[name]`.
 *
 * @template T
 * @param {Phases} phases
 * @param {string} name
 * @param {() => T | Promise<T>} step
 * @returns {Promise<T>}
 */
async function phase(phases, name, step) {
  const start = performance.now();
  const result = await step();
  phases[name] = (phases[name] ?? 0) + performance.now() - start;
  return result;
}

/**
 * One backup: snapshot, encode, publish (encrypt, write, read back, decrypt, compare, prune).
 *
 * @param {import('@tessera/core').Vault} vault
 * @param {Keyed} keyed
 * @param {number} generation
 * @returns {Promise<{ phases: Phases, name: string, plaintext: Uint8Array }>}
 */
async function backup(vault, keyed, generation) {
  /** @type {Phases} */
  const phases = {};
  const snapshot = await phase(phases, 'createSnapshot', () => createSnapshot(vault, { deviceId: DEVICE, deviceName: 'bench', generation, now: NOW }));
  const plaintext = await phase(phases, 'encodeSnapshot', () => encodeSnapshot(snapshot));
  const { name } = await phase(phases, 'publishGeneration', () =>
    publishGeneration({ destination: keyed.destination, deviceId: DEVICE, generation, plaintext, recipients: [keyed.recipient], identities: [keyed.identity], random: nodeRandom }),
  );
  return { phases, name, plaintext };
}

/**
 * One restore, up to the vault bytes the CLI would then store: onto a fresh device (`local`
 * undefined), or into a vault that already holds every account (the plan finds them all present).
 *
 * @param {Keyed} keyed
 * @param {string} name
 * @param {import('@tessera/core').Vault} [local]
 * @returns {Promise<{ phases: Phases, vaultBytes: Uint8Array }>}
 */
async function restore(keyed, name, local) {
  /** @type {Phases} */
  const phases = {};
  const file = await phase(phases, 'read', async () => {
    const bytes = await keyed.destination.read(name);
    if (bytes === undefined) throw new Error(`${name} is gone`);
    return bytes;
  });
  const plaintext = await phase(phases, 'decryptSnapshot', () => decryptSnapshot(file, [keyed.identity]));
  const snapshot = await phase(phases, 'decodeSnapshot', () => decodeSnapshot(plaintext));
  const plan = await phase(phases, 'planRestore', () => planRestore(local, snapshot));
  const { vault } = await phase(phases, 'applyRestore', () => applyRestore(local, plan, {}, { now: NOW, random: nodeRandom }));
  const vaultBytes = await phase(phases, 'encodeVault', () => encodeVault(vault));
  return { phases, vaultBytes };
}

/**
 * Milliseconds of one `age` process; throws with its stderr if it fails.
 *
 * @param {string[]} args
 */
function age(args) {
  return timedSpawn('age', args).ms;
}

/**
 * @param {string} work
 * @param {Kind} kind
 * @returns {Promise<Keyed>}
 */
async function keyed(work, kind) {
  const { identity, recipient } = await generateBackupIdentity(kind);
  const root = join(work, `destination-${kind}`);
  return { identity, recipient, root, destination: folderDestination(root) };
}

/** @param {number} bytes */
function mib(bytes) {
  return `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
}

/**
 * Checks everything once before timing: the restored vault is the original, and age and we
 * agree on the bytes in both directions.
 *
 * @param {import('@tessera/core').Vault} vault
 * @param {Record<Kind, Keyed>} keys
 * @param {string} work
 */
async function check(vault, keys, work) {
  for (const kind of /** @type {Kind[]} */ (['classic', 'hybrid'])) {
    const k = keys[kind];
    const made = await backup(vault, k, 0);
    const { vaultBytes } = await restore(k, made.name);
    const restored = decodeVault(vaultBytes);
    if (!isDeepStrictEqual(orderedAccounts(restored), orderedAccounts(vault))) throw new Error(`${kind}: the restored accounts differ`);
    if (kind === 'classic') {
      writeFileSync(join(work, 'plain.json'), made.plaintext);
      writeFileSync(join(work, 'ours.age'), readFileSync(join(k.root, ...made.name.split('/'))));
      age(['-d', '-i', join(work, 'key.txt'), '-o', join(work, 'ours.json'), join(work, 'ours.age')]);
      age(['-r', k.recipient, '-o', join(work, 'theirs.age'), join(work, 'plain.json')]);
      const theirs = await decryptSnapshot(new Uint8Array(readFileSync(join(work, 'theirs.age'))), [k.identity]);
      if (Buffer.compare(readFileSync(join(work, 'ours.json')), Buffer.from(made.plaintext)) !== 0) throw new Error('age -d gave other bytes');
      if (Buffer.compare(Buffer.from(theirs), Buffer.from(made.plaintext)) !== 0) throw new Error('age -r wrote other bytes');
    }
  }
}

/**
 * @param {{ rounds?: number }} [options]
 * @returns {Promise<SectionResult>}
 */
export async function run(options = {}) {
  const { rounds = 7 } = options;
  if (spawnSync('age', ['--version']).error) {
    console.log('age is not installed (Debian package `age`); skipping this section.');
    return { title, ok: true, lines: [] };
  }
  const work = mkdtempSync(join(tmpdir(), 'tessera-bench-backup-'));
  try {
    const built = performance.now();
    const vault = benchVault(ACCOUNTS, NOW);
    const buildMs = performance.now() - built;
    const keys = { classic: await keyed(work, 'classic'), hybrid: await keyed(work, 'hybrid') };
    writeFileSync(join(work, 'key.txt'), `${keys.classic.identity}\n`);
    await check(vault, keys, work);
    const plainBytes = readFileSync(join(work, 'plain.json')).length;

    /** @type {Record<string, number[]>} */
    const totals = {};
    /** @type {Record<string, Phases[]>} */
    const breakdown = {};
    /** @param {string} key @param {number} ms */
    const record = (key, ms) => (totals[key] ??= []).push(ms);
    /** @param {string} key @param {Phases} phases */
    const recordPhases = (key, phases) => {
      (breakdown[key] ??= []).push(phases);
      record(key, sum(Object.values(phases)));
    };
    const stored = encodeVault(vault);
    for (let round = 1; round <= rounds; round++) {
      for (const kind of /** @type {Kind[]} */ (['classic', 'hybrid'])) {
        // The vault as `tessera backup now` has it: just read from disk, so nothing computed
        // for the previous round's objects (fingerprints are remembered per object) carries over.
        const made = await backup(decodeVault(stored), keys[kind], round);
        recordPhases(`backup ${kind}`, made.phases);
        recordPhases(`restore ${kind}`, (await restore(keys[kind], made.name)).phases);
        if (kind === 'classic') recordPhases('restore classic over itself', (await restore(keys[kind], made.name, decodeVault(stored))).phases);
      }
      record('age encrypt', age(['-r', keys.classic.recipient, '-o', join(work, 'theirs.age'), join(work, 'plain.json')]));
      record('age decrypt', age(['-d', '-i', join(work, 'key.txt'), '-o', join(work, 'theirs.json'), join(work, 'theirs.age')]));
    }
    const lines = report({ totals, breakdown, rounds, plainBytes, buildMs });
    for (const line of lines) console.log(line);
    const restoreMs = median(totals['restore classic'] ?? []);
    const ratio = ratioOf(totals, 'restore classic', 'age decrypt');
    const ok = restoreMs < 1000 && ratio <= 2;
    return { title, ok, lines };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Median of per-round ratios `a / b`.
 *
 * @param {Record<string, number[]>} totals
 * @param {string} a
 * @param {string} b
 */
function ratioOf(totals, a, b) {
  return pairedRatio(totals[a] ?? [], totals[b] ?? []);
}

/**
 * @param {{ totals: Record<string, number[]>, breakdown: Record<string, Phases[]>, rounds: number, plainBytes: number, buildMs: number }} measured
 * @returns {string[]}
 */
function report({ totals, breakdown, rounds, plainBytes, buildMs }) {
  const row = (/** @type {string} */ key, /** @type {string} */ versus) => {
    return `| ${key} | ${medianMinMaxCells(totals[key] ?? [])} | ${ratioOf(totals, key, versus).toFixed(2)}× |`;
  };
  const phases = (/** @type {string} */ key) => `| ${key} | ${phaseMedians(breakdown[key] ?? [])} |`;
  const restoreMs = median(totals['restore classic'] ?? []);
  const ratio = ratioOf(totals, 'restore classic', 'age decrypt');
  return [
    `${ACCOUNTS.toLocaleString('en')} accounts, snapshot plaintext ${mib(plainBytes)} (vault built in ${(buildMs / 1000).toFixed(1)} s, not timed); ${rounds} rounds, candidates interleaved.`,
    'Checked first: the restored vault equals the original; `age -d` opens our classic file to the same bytes and we open the file `age -r` writes.',
    'Ours run in-process (no Node start-up); age is a whole process (its start-up, a few ms, included). Ratio: median of per-round ratios.',
    '"Over itself": restoring into a vault that already holds all 10,000 accounts (every one found present).',
    '',
    '| candidate | median ms | min ms | max ms | vs age |',
    '|---|---:|---:|---:|---:|',
    row('backup classic', 'age encrypt'),
    row('backup hybrid', 'age encrypt'),
    row('age encrypt', 'age encrypt'),
    row('restore classic', 'age decrypt'),
    row('restore hybrid', 'age decrypt'),
    row('restore classic over itself', 'age decrypt'),
    row('age decrypt', 'age decrypt'),
    '',
    '| where the time goes (median ms) | |',
    '|---|---|',
    ...['backup classic', 'backup hybrid', 'restore classic', 'restore hybrid', 'restore classic over itself'].map(phases),
    '',
    `${restoreMs < 1000 ? 'PASS' : 'MISS'}  restore (classic) under 1 s (${restoreMs.toFixed(0)} ms)`,
    `${ratio <= 2 ? 'PASS' : 'MISS'}  restore (classic) within 2× of age -d (${ratio.toFixed(2)}×)`,
  ];
}
