// TOTP codes per second, single thread: the practical limit (bare node:crypto HMAC + truncation)
// against Tessera's core with the CLI's node:crypto HMAC and with its pure-JS default, and against
// otpauth and otplib. Every candidate gets the same 20-byte secret and the same time sequence,
// all are checked to agree before anything is timed, and rounds interleave the candidates so a
// noisy neighbour on a shared machine hurts them all alike.
import { createHmac } from 'node:crypto';
import { generateTotp } from '@tessera/core';
import * as OTPAuth from 'otpauth';
import { generateSync as otplibGenerateSync } from 'otplib';
import { nodeHmac } from '../apps/cli/dist/crypto/hmac.js';
import { median, pairedRatio as medianRatio, quantileLower } from './stats.js';

/** @typedef {(timestampMs: number) => string} Candidate */
/** @typedef {{ name: string, opsPerSec: number[], median: number }} Measured */
/** @typedef {{ title: string, ok: boolean, lines: string[] }} SectionResult */

export const title = 'TOTP generation throughput (single thread, SHA-1, 6 digits, 30 s)';

const SECRET = new TextEncoder().encode('12345678901234567890');
const STEPS = 4096;
/** Distinct 30 s steps from 2023-11-14 on: every call computes a fresh HMAC. */
const TIMES = Array.from({ length: STEPS }, (_, i) => 1_700_000_000_000 + i * 30_000 + (i % 7) * 1000);

/**
 * The floor: createHmac and RFC 4226 truncation written inline with nothing else — no options, no
 * validation, no pluggable HMAC. Plain typed-array writes and reads, which measured at least as
 * fast as Buffer's writeUInt32BE/readUInt32BE helpers.
 *
 * @returns {Candidate}
 */
function bareNodeCrypto() {
  return (timestampMs) => {
    const counter = Math.floor(timestampMs / 30_000);
    const high = Math.floor(counter / 0x1_0000_0000);
    const low = counter >>> 0;
    const message = new Uint8Array(8);
    message[0] = high >>> 24;
    message[1] = high >>> 16;
    message[2] = high >>> 8;
    message[3] = high;
    message[4] = low >>> 24;
    message[5] = low >>> 16;
    message[6] = low >>> 8;
    message[7] = low;
    const d = createHmac('sha1', SECRET).update(message).digest();
    const o = (d[19] ?? 0) & 0x0f;
    const value = (((d[o] ?? 0) & 0x7f) << 24) | ((d[o + 1] ?? 0) << 16) | ((d[o + 2] ?? 0) << 8) | (d[o + 3] ?? 0);
    return String(value % 1_000_000).padStart(6, '0');
  };
}

/** @returns {Array<[string, Candidate]>} */
function candidates() {
  const otpauthSecret = new OTPAuth.Secret({ buffer: SECRET.slice().buffer });
  return [
    ['bare node:crypto createHmac + truncate', bareNodeCrypto()],
    ['@tessera/core generateTotp + nodeHmac', (timestamp) => generateTotp({ secret: SECRET, timestamp }, nodeHmac)],
    ['@tessera/core generateTotp (default nobleHmac)', (timestamp) => generateTotp({ secret: SECRET, timestamp })],
    ['otpauth 9 TOTP.generate (node:crypto)', (timestamp) => OTPAuth.TOTP.generate({ secret: otpauthSecret, timestamp })],
    ['otplib 13 generateSync (default noble)', (timestamp) => otplibGenerateSync({ secret: SECRET, epoch: timestamp / 1000 })],
  ];
}

/** Fails loudly if any candidate disagrees with the first on any time in the sequence. */
function checkAgreement(/** @type {Array<[string, Candidate]>} */ list) {
  const [[, reference]] = /** @type {[[string, Candidate]]} */ (list);
  const expected = TIMES.map(reference);
  for (const [name, candidate] of list) {
    TIMES.forEach((time, i) => {
      const code = candidate(time);
      if (code !== expected[i]) throw new Error(`${name} gave ${code} at ${time}, expected ${String(expected[i])}`);
    });
  }
}

/** Runs `candidate` over the time sequence for about `ms` milliseconds; returns ops/s. */
function measure(/** @type {Candidate} */ candidate, /** @type {number} */ ms) {
  let sink = 0;
  let ops = 0;
  const start = process.hrtime.bigint();
  const budget = BigInt(ms) * 1_000_000n;
  let elapsed = 0n;
  while (elapsed < budget) {
    for (let i = 0; i < 1024; i++) sink += candidate(TIMES[(ops + i) & (STEPS - 1)] ?? 0).charCodeAt(5);
    ops += 1024;
    elapsed = process.hrtime.bigint() - start;
  }
  if (sink === -1) console.log(sink); // keeps the work observable so it is never optimised away
  return (ops * 1e9) / Number(elapsed);
}

const fmt = (/** @type {number} */ n) => Math.round(n).toLocaleString('en-US');

/**
 * Measures every candidate and prints a table with ratios and the goals. Ratios are the median of
 * per-round ratios (each round times all candidates back to back), which cancels most of the
 * drift a shared machine adds; the ops/s columns are plain medians with their spread.
 *
 * @param {{ rounds?: number, roundMs?: number, warmupMs?: number }} [options]
 * @returns {Promise<SectionResult>}
 */
export async function run(options = {}) {
  const { rounds = 15, roundMs = 300, warmupMs = 1000 } = options;
  const list = candidates();
  checkAgreement(list);
  for (const [, candidate] of list) measure(candidate, warmupMs);
  /** @type {Measured[]} */
  const results = list.map(([name]) => ({ name, opsPerSec: [], median: 0 }));
  for (let round = 0; round < rounds; round++) {
    // Rotate the starting candidate each round so none always runs first or last.
    for (let k = 0; k < list.length; k++) {
      const index = (round + k) % list.length;
      const entry = /** @type {[string, Candidate]} */ (list[index]);
      results[index]?.opsPerSec.push(measure(entry[1], roundMs));
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  for (const result of results) result.median = median(result.opsPerSec, 0);
  return report(results, rounds, roundMs);
}

/** Median over rounds of `a[i] / b[i]`. @param {Measured} a @param {Measured} b */
function pairedRatio(a, b) {
  return medianRatio(a.opsPerSec, b.opsPerSec, 0);
}

/** @param {Measured} r */
function spread(r) {
  return `${fmt(quantileLower(r.opsPerSec, 0.25, 0))}–${fmt(quantileLower(r.opsPerSec, 0.75, 0))}`;
}

/** @param {Measured[]} results @param {number} rounds @param {number} roundMs @returns {SectionResult} */
function report(results, rounds, roundMs) {
  const [bare, coreNode, , otpauth] = /** @type {[Measured, Measured, Measured, Measured, Measured]} */ (results);
  const lines = [
    `${rounds} rounds × ${roundMs} ms per candidate after warm-up, candidates interleaved; ${STEPS} distinct time steps.`,
    'Ratios: median of per-round ratios.',
    '',
    '| candidate | median ops/s | IQR ops/s | µs/op | vs bare | vs otpauth |',
    '|---|---:|---:|---:|---:|---:|',
    ...results.map(
      (r) =>
        `| ${r.name} | ${fmt(r.median)} | ${spread(r)} | ${(1e6 / r.median).toFixed(2)} | ${pairedRatio(r, bare).toFixed(2)}× | ${pairedRatio(r, otpauth).toFixed(2)}× |`,
    ),
    '',
  ];
  const vsBare = pairedRatio(coreNode, bare);
  const vsOtpauth = pairedRatio(coreNode, otpauth);
  /** @type {Array<[string, boolean]>} */
  const goals = [
    [`core + nodeHmac ≥ 0.95× bare loop (${vsBare.toFixed(2)}×)`, vsBare >= 0.95],
    [`core + nodeHmac ≥ otpauth (${vsOtpauth.toFixed(2)}×)`, vsOtpauth >= 1],
  ];
  for (const [text, met] of goals) lines.push(`${met ? 'PASS' : 'MISS'}  ${text}`);
  for (const line of lines) console.log(line);
  return { title, ok: goals.every(([, met]) => met), lines };
}
