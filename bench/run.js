// `npm run bench` (after a build): runs every benchmark section and prints the machine it ran on.
// Sections are modules exporting `title` and `run(): Promise<{ ok: boolean }>`; add new ones to
// SECTIONS. Run one section with `node bench/run.js <name>`. With BENCH_STRICT=1 a missed goal
// makes the exit code 1 (off by default: shared machines are noisy).
import { availableParallelism, cpus, release, type } from 'node:os';

/** @typedef {{ title: string, run: () => Promise<{ ok: boolean }> }} Section */

/** @type {Record<string, () => Promise<Section>>} */
const SECTIONS = {
  totp: () => import('./totp-throughput.js'),
  cli: () => import('./cli-process.js'),
  keyring: () => import('./keyring-unlock.js'),
  backup: () => import('./backup-10k.js'),
  import: () => import('./import-10k.js'),
  server: () => import('./server.js'),
  push: () => import('./push-roundtrip.js'),
};

function machine() {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  return `${cpu}, ${cpus().length} CPUs (${availableParallelism()} available to this process) · Node ${process.version} · OpenSSL ${process.versions.openssl} · ${type()} ${release()}`;
}

async function main() {
  const wanted = process.argv.slice(2);
  const names = wanted.length > 0 ? wanted : Object.keys(SECTIONS);
  console.log(`Tessera benchmarks — ${machine()}\n`);
  let ok = true;
  for (const name of names) {
    const load = SECTIONS[name];
    if (load === undefined) throw new Error(`Unknown section "${name}"; known: ${Object.keys(SECTIONS).join(', ')}`);
    const section = await load();
    console.log(`## ${section.title}\n`);
    const result = await section.run();
    ok &&= result.ok;
    console.log('');
  }
  if (!ok && process.env['BENCH_STRICT']) process.exitCode = 1;
}

await main();
