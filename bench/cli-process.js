// Whole-process latency of `tessera code X` against `oathtool --totp` on the same secret: what a
// person waits for at the prompt. Node's own start-up (`node -e ''`) is timed too, as the floor
// any Node CLI pays. Runs are interleaved so machine drift hits every candidate alike.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { medianUpper } from './stats.js';
import { timedSpawn } from './timed-spawn.js';

export const title = 'Whole-process time: `tessera code X` vs `oathtool --totp`';

const ROUNDS = 25;
const SECRET_HEX = '3132333435363738393031323334353637383930';
const SECRET_B32 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const CLI = new URL('../apps/cli/bin/tessera.js', import.meta.url).pathname;

export async function run() {
  const oathtool = spawnSync('oathtool', ['--version']);
  if (oathtool.error) {
    console.log('oathtool is not installed (Debian package `oathtool`); skipping this section.');
    return { ok: true };
  }
  const dir = mkdtempSync(join(tmpdir(), 'tessera-bench-'));
  const env = { ...process.env, TESSERA_VAULT_DIR: dir, TESSERA_KEYCHAIN: 'off', NO_COLOR: '1' };
  try {
    timedSpawn(process.execPath, [CLI, 'add', '--issuer', 'Bench', '--label', 'rfc', '--secret', SECRET_B32], env);
    const at = 1_700_000_000;
    const ours = timedSpawn(process.execPath, [CLI, 'code', 'bench', '--at', String(at), '--json'], env);
    const theirs = timedSpawn('oathtool', ['--totp', '-N', `@${at}`, SECRET_HEX], env);
    const code = /** @type {{ code: string }} */ (JSON.parse(ours.stdout)).code;
    if (code !== theirs.stdout.trim()) throw new Error(`codes differ: tessera ${code}, oathtool ${theirs.stdout.trim()}`);

    /** @type {Record<string, number[]>} */
    const times = { tessera: [], oathtool: [], node: [] };
    for (let round = 0; round < ROUNDS; round++) {
      times['tessera']?.push(timedSpawn(process.execPath, [CLI, 'code', 'bench'], env).ms);
      times['oathtool']?.push(timedSpawn('oathtool', ['--totp', SECRET_HEX], env).ms);
      times['node']?.push(timedSpawn(process.execPath, ['-e', ''], env).ms);
    }
    const t = medianUpper(times['tessera'] ?? []);
    const o = medianUpper(times['oathtool'] ?? []);
    const n = medianUpper(times['node'] ?? []);
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
