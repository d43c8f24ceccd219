// Whole-process latency of `tessera code X` against `oathtool --totp` on the same secret: what a
// person waits for at the prompt. Node's own start-up (`node -e ''`) is timed too, as the floor
// any Node CLI pays. Runs are interleaved so machine drift hits every candidate alike.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const title = 'Whole-process time: `tessera code X` vs `oathtool --totp`';

const ROUNDS = 25;
const SECRET_HEX = '3132333435363738393031323334353637383930';
const SECRET_B32 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const CLI = new URL('../apps/cli/bin/tessera.js', import.meta.url).pathname;

/**
 * @param {string} command
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} env
 * @returns {{ ms: number, stdout: string }}
 */
function timed(command, args, env) {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { env, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr}`);
  return { ms, stdout: result.stdout.trim() };
}

/** @param {number[]} values */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

export async function run() {
  const oathtool = spawnSync('oathtool', ['--version']);
  if (oathtool.error) {
    console.log('oathtool is not installed (Debian package `oathtool`); skipping this section.');
    return { ok: true };
  }
  const dir = mkdtempSync(join(tmpdir(), 'tessera-bench-'));
  const env = { ...process.env, TESSERA_VAULT_DIR: dir, TESSERA_KEYCHAIN: 'off', NO_COLOR: '1' };
  try {
    timed(process.execPath, [CLI, 'add', '--issuer', 'Bench', '--label', 'rfc', '--secret', SECRET_B32], env);
    const at = 1_700_000_000;
    const ours = timed(process.execPath, [CLI, 'code', 'bench', '--at', String(at), '--json'], env);
    const theirs = timed('oathtool', ['--totp', '-N', `@${at}`, SECRET_HEX], env);
    const code = /** @type {{ code: string }} */ (JSON.parse(ours.stdout)).code;
    if (code !== theirs.stdout) throw new Error(`codes differ: tessera ${code}, oathtool ${theirs.stdout}`);

    /** @type {Record<string, number[]>} */
    const times = { tessera: [], oathtool: [], node: [] };
    for (let round = 0; round < ROUNDS; round++) {
      times['tessera']?.push(timed(process.execPath, [CLI, 'code', 'bench'], env).ms);
      times['oathtool']?.push(timed('oathtool', ['--totp', SECRET_HEX], env).ms);
      times['node']?.push(timed(process.execPath, ['-e', ''], env).ms);
    }
    const t = median(times['tessera'] ?? []);
    const o = median(times['oathtool'] ?? []);
    const n = median(times['node'] ?? []);
    console.log(`Same secret, same code (checked). ${String(ROUNDS)} interleaved runs each; median wall-clock time.\n`);
    console.log('| command | median ms | vs oathtool |');
    console.log('|---|---:|---:|');
    console.log(`| tessera code bench (encrypted vault, age decrypt) | ${t.toFixed(1)} | ${(t / o).toFixed(1)}× |`);
    console.log(`| oathtool --totp HEX | ${o.toFixed(1)} | 1.0× |`);
    console.log(`| node -e '' (Node start-up floor) | ${n.toFixed(1)} | ${(n / o).toFixed(1)}× |`);
    console.log(`\ntessera above the Node floor: ${(t - n).toFixed(1)} ms (module loading, vault decrypt, code).`);
    return { ok: true };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
