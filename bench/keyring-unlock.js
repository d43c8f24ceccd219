// Unlocking the backup keyring at the default work factor (2^18): Tessera's scrypt stanza with
// Node's native scrypt (what the CLI runs) against age-encryption's own Decrypter.addPassphrase
// (pure-JS scrypt from @noble/hashes) on the very same keyring file, in the same run. Both must
// yield the same keyring before anything is timed; rounds alternate the two so a noisy
// neighbour hurts both alike. The goal (issue 3): native at least 5× faster.
// age-encryption's declarations name two browser types; the CLI's opaque shims stand in for them.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- global declarations have no module to import.
/// <reference path="../apps/cli/src/dom-shims.d.ts" />
import { createKeyring, decodeKeyring, encodeKeyring, openKeyring, sealKeyring } from '@tessera/backup';
import { Decrypter } from 'age-encryption';
import { nodeRandom, nodeScrypt } from '../apps/cli/dist/crypto/age-scrypt.js';
import { median, medianMinMaxCells, pairedRatio } from './stats.js';

/** @typedef {{ title: string, ok: boolean, lines: string[] }} SectionResult */
/** @typedef {() => Promise<Uint8Array>} Candidate */

export const title = 'Backup keyring unlock at scrypt 2^18 (native stanza vs age-encryption)';

const PASSPHRASE = 'violet tractor ocean 47';
const LOG_N = 18;

/**
 * Milliseconds one call takes, and the longest time the event loop could not run a 5 ms ticker
 * meanwhile (what a CLI spinner or a server's other requests would feel).
 *
 * @param {Candidate} candidate
 * @returns {Promise<{ ms: number, stallMs: number }>}
 */
async function time(candidate) {
  let last = performance.now();
  let stallMs = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
  }, 5);
  const start = performance.now();
  await candidate();
  const ms = performance.now() - start;
  clearInterval(ticker);
  return { ms, stallMs: Math.max(stallMs, performance.now() - last) };
}

/**
 * @param {{ rounds?: number }} [options]
 * @returns {Promise<SectionResult>}
 */
export async function run(options = {}) {
  const { rounds = 5 } = options;
  const keyring = await createKeyring({ kind: 'hybrid', now: Date.UTC(2026, 0, 31) });
  const file = await sealKeyring(keyring, PASSPHRASE, { scrypt: nodeScrypt, random: nodeRandom, logN: LOG_N });
  const expected = encodeKeyring(keyring);

  /** @type {Array<[string, Candidate]>} */
  const candidates = [
    ['@tessera/backup openKeyring + node:crypto scrypt', async () => encodeKeyring(await openKeyring(file, PASSPHRASE, { scrypt: nodeScrypt }))],
    ['age-encryption Decrypter.addPassphrase (pure-JS scrypt)', async () => {
      const decrypter = new Decrypter();
      decrypter.addPassphrase(PASSPHRASE);
      return encodeKeyring(decodeKeyring(await decrypter.decrypt(file)));
    }],
  ];
  for (const [name, candidate] of candidates) {
    const result = await candidate();
    if (Buffer.compare(Buffer.from(result), Buffer.from(expected)) !== 0) throw new Error(`${name} opened a different keyring`);
  }

  /** @type {number[][]} */
  const timings = candidates.map(() => []);
  /** @type {number[][]} */
  const stalls = candidates.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < candidates.length; k++) {
      const index = (round + k) % candidates.length;
      const entry = /** @type {[string, Candidate]} */ (candidates[index]);
      const { ms, stallMs } = await time(entry[1]);
      timings[index]?.push(ms);
      stalls[index]?.push(stallMs);
    }
  }
  const [native = [], pure = []] = timings;
  const ratio = pairedRatio(pure, native, 0);
  const lines = [
    `Keyring sealed at 2^${LOG_N} (r = 8, p = 1: 256 MiB); ${rounds} rounds, candidates alternating; both checked to open the same keyring first.`,
    'Ratio: median of per-round ratios. Event loop blocked: median of the longest stall of a 5 ms timer during the unlock.',
    '',
    '| candidate | median ms | min ms | max ms | time vs native | event loop blocked ms |',
    '|---|---:|---:|---:|---:|---:|',
    ...candidates.map(([name], i) => {
      const t = timings[i] ?? [];
      return `| ${name} | ${medianMinMaxCells(t, 0)} | ${pairedRatio(t, native, 0).toFixed(2)}× | ${median(stalls[i] ?? [], 0).toFixed(0)} |`;
    }),
    '',
  ];
  const met = ratio >= 5;
  lines.push(`${met ? 'PASS' : 'MISS'}  native stanza ≥ 5× faster than age-encryption's scrypt (${ratio.toFixed(1)}×)`);
  for (const line of lines) console.log(line);
  return { title, ok: met, lines };
}
