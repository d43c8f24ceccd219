// Import of 10,000 accounts end to end through the CLI: a plain Aegis vault and an otpauth list,
// both written by our own exporters from the backup benchmark's vault, each imported by a whole
// `tessera import FILE` process into a fresh vault folder (keychain off), so the time is what a
// person waits for: Node start-up, reading, detection, parsing, planning, applying, encrypting
// and writing the vault. The same work is then split by phase in-process. Encrypted formats are
// timed in-process, key derivation apart from the rest, with the core's KDFs and the CLI's.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyImport, createVault, encodeVault, exportAegisPlain, exportOtpauthList, importFile, planImport } from '@tessera/core';
import { benchVault } from './backup-vault.js';
import { cliImportKdfs, defaultImportKdfs, encryptedFiles, ENTE_DEFAULT, enteDefaultKdfMs, timedImport } from './import-encrypted.js';
import { median, medianMinMaxCells, phaseMedians, sum } from './stats.js';
import { timedSpawn } from './timed-spawn.js';

/** @typedef {Record<string, number>} Phases */

export const title = 'Import of 10,000 accounts through `tessera import` (plain Aegis, otpauth list) and encrypted formats\' KDF split';

const ACCOUNTS = 10_000;
const NOW = Date.UTC(2026, 0, 31, 9, 0, 0);
const CLI = new URL('../apps/cli/bin/tessera.js', import.meta.url).pathname;
const GOAL_MS = 1000;

/**
 * One `tessera import FILE` into a fresh vault folder; its wall time and stdout.
 *
 * @param {string} work
 * @param {string} file
 */
function cliImport(work, file) {
  const vaultDir = mkdtempSync(join(work, 'vault-'));
  try {
    return timedSpawn(process.execPath, [CLI, 'import', file], { ...process.env, TESSERA_VAULT_DIR: vaultDir, TESSERA_KEYCHAIN: 'off', NO_COLOR: '1' });
  } finally {
    rmSync(vaultDir, { recursive: true, force: true });
  }
}

/**
 * The CLI's core path in-process, phase by phase, into an empty vault.
 *
 * @param {string} path
 * @returns {Promise<Phases>}
 */
async function inProcess(path) {
  /** @type {Phases} */
  const phases = {};
  let start = performance.now();
  const mark = (/** @type {string} */ name) => {
    const now = performance.now();
    phases[name] = now - start;
    start = now;
  };
  const bytes = new Uint8Array(readFileSync(path));
  mark('read');
  const parsed = await importFile({ bytes, name: path });
  mark('importFile');
  const ctx = { now: NOW, random: (/** @type {number} */ n) => Uint8Array.from({ length: n }, () => Math.floor(Math.random() * 256)) };
  const vault = createVault(ctx);
  const plan = planImport(vault, parsed);
  mark('planImport');
  const { vault: after, report } = applyImport(vault, plan, ctx);
  mark('applyImport');
  encodeVault(after);
  mark('encodeVault');
  if (report.imported !== ACCOUNTS) throw new Error(`${path}: imported ${report.imported}`);
  return phases;
}

/**
 * @param {Record<string, Phases[]>} runs
 * @returns {string[]}
 */
function phaseRows(runs) {
  return Object.entries(runs).map(([name, list]) => {
    const total = median(list.map((p) => sum(Object.values(p))));
    return `| ${name} | ${phaseMedians(list)} | ${total.toFixed(0)} |`;
  });
}

/** @param {import('@tessera/core').Vault} vault @param {number} rounds */
async function encryptedRows(vault, rounds) {
  const files = await encryptedFiles(vault);
  const rows = [];
  for (const file of files) {
    /** @type {Record<string, { totalMs: number, kdfMs: number, restMs: number }[]>} */
    const runs = { core: [], cli: [] };
    for (let round = 0; round < rounds; round++) {
      runs['core']?.push(await timedImport(file, defaultImportKdfs));
      runs['cli']?.push(await timedImport(file, cliImportKdfs));
    }
    const m = (/** @type {string} */ who, /** @type {'totalMs' | 'kdfMs' | 'restMs'} */ key) => median((runs[who] ?? []).map((r) => r[key])).toFixed(0);
    rows.push(`| ${file.name} | ${file.kdf} | ${file.entries.toLocaleString('en')} | ${m('core', 'kdfMs')} | ${m('core', 'restMs')} | ${m('cli', 'kdfMs')} | ${m('cli', 'restMs')} |`);
  }
  return rows;
}

/**
 * @param {{ rounds?: number, encryptedRounds?: number }} [options]
 */
export async function run(options = {}) {
  const { rounds = 7, encryptedRounds = 3 } = options;
  const work = mkdtempSync(join(tmpdir(), 'tessera-bench-import-'));
  try {
    const built = performance.now();
    const vault = benchVault(ACCOUNTS, NOW);
    const buildMs = performance.now() - built;
    const files = { aegis: join(work, 'aegis-export.json'), otpauth: join(work, 'otpauth-list.txt') };
    writeFileSync(files.aegis, exportAegisPlain(vault).output);
    writeFileSync(files.otpauth, exportOtpauthList(vault).output);
    for (const path of Object.values(files)) {
      const { stdout } = cliImport(work, path);
      if (!stdout.includes(`imported ${ACCOUNTS} of ${ACCOUNTS}; 0 skipped as duplicates; 0 failed`)) throw new Error(`${path}: ${stdout.slice(-300)}`);
    }

    /** @type {Record<string, number[]>} */
    const cli = { aegis: [], otpauth: [], node: [] };
    /** @type {Record<string, Phases[]>} */
    const phases = { 'Aegis (plain)': [], 'otpauth list': [] };
    for (let round = 0; round < rounds; round++) {
      cli['aegis']?.push(cliImport(work, files.aegis).ms);
      cli['otpauth']?.push(cliImport(work, files.otpauth).ms);
      cli['node']?.push(timedSpawn(process.execPath, ['-e', '']).ms);
      phases['Aegis (plain)']?.push(await inProcess(files.aegis));
      phases['otpauth list']?.push(await inProcess(files.otpauth));
    }
    const row = (/** @type {string} */ name, /** @type {string} */ key) => `| ${name} | ${medianMinMaxCells(cli[key] ?? [])} |`;
    const aegisMs = median(cli['aegis'] ?? []);
    const otpauthMs = median(cli['otpauth'] ?? []);
    const enteKdf = await enteDefaultKdfMs();
    const lines = [
      `${ACCOUNTS.toLocaleString('en')} accounts (vault built in ${(buildMs / 1000).toFixed(1)} s, not timed): Aegis plain ${(readFileSync(files.aegis).length / 1024 / 1024).toFixed(2)} MiB, otpauth list ${(readFileSync(files.otpauth).length / 1024 / 1024).toFixed(2)} MiB.`,
      `Checked first: each import reports "imported ${ACCOUNTS} of ${ACCOUNTS}". ${rounds} rounds, each into a fresh vault folder; whole-process wall time.`,
      '',
      '| `tessera import FILE` | median ms | min ms | max ms |',
      '|---|---:|---:|---:|',
      row('Aegis plain', 'aegis'),
      row('otpauth list', 'otpauth'),
      row("node -e '' (start-up floor)", 'node'),
      '',
      '| in-process (median ms) | phases | total |',
      '|---|---|---:|',
      ...phaseRows(phases),
      '',
      `Encrypted formats, in-process importFile of the same accounts, median of ${encryptedRounds}: KDF time vs the rest (decrypt, parse, validate).`,
      '',
      '| file | KDF (the app\'s cost) | entries | core KDF ms | core rest ms | CLI (native) KDF ms | CLI rest ms |',
      '|---|---|---:|---:|---:|---:|---:|',
      ...(await encryptedRows(vault, encryptedRounds)),
      '',
      `Ente's own cost (Argon2id ${ENTE_DEFAULT.memLimit / 1024 ** 3} GiB × ${ENTE_DEFAULT.opsLimit}, p=1), the core's KDF alone: ${enteKdf.toFixed(0)} ms (native: none in Node 20, the CLI uses the core's).`,
      '',
      `${aegisMs < GOAL_MS ? 'PASS' : 'MISS'}  Aegis plain through the CLI under 1 s (${aegisMs.toFixed(0)} ms)`,
      `${otpauthMs < GOAL_MS ? 'PASS' : 'MISS'}  otpauth list through the CLI under 1 s (${otpauthMs.toFixed(0)} ms)`,
    ];
    for (const line of lines) console.log(line);
    return { title, ok: aegisMs < GOAL_MS && otpauthMs < GOAL_MS, lines };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
