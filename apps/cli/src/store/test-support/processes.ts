/**
 * Child processes for the store's multi-process tests: run a fixture to completion, start one
 * that reports readiness on stdout, and get the pid of a process that has certainly exited.
 *
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

/** Absolute path of a file in this folder. */
export function fixture(name: string): string {
  return fileURLToPath(new URL(name, import.meta.url));
}

/** Absolute path of a file in apps/cli/dist (the built CLI). */
export function built(relative: string): string {
  return fileURLToPath(new URL(`../../../dist/${relative}`, import.meta.url));
}

/** Fails with a clear message when the tests that need the build run without it. */
export function requireBuilt(relative: string): void {
  if (!existsSync(built(relative))) {
    throw new Error(`${built(relative)} is missing: run \`npx tsc -b tsconfig.build.json\` first (npm test does)`);
  }
}

/** The bundle the `tessera` command runs (`bin/tessera.js` imports it; `npm run build` makes it). */
const BUNDLE = fileURLToPath(new URL('../../../bundle/tessera.js', import.meta.url));
/** The compiled packages the bundle is made from. */
const BUNDLED_FROM = ['apps/cli/dist', 'packages/core/dist', 'packages/backup/dist', 'packages/destinations/dist'].map((path) =>
  fileURLToPath(new URL(`../../../../../${path}`, import.meta.url)),
);

function newestJs(dir: string): number {
  if (!existsSync(dir)) return 0;
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.js'));
  return Math.max(0, ...files.map((file) => statSync(join(dir, file)).mtimeMs));
}

/**
 * Fails with a clear message unless the bundle exists and is newer than every compiled file it
 * is made from: tests of the `tessera` command would otherwise run yesterday's code (`tsc -b`
 * alone rebuilds dist/, not the bundle).
 */
export function requireCliBundle(): void {
  const stale = !existsSync(BUNDLE) || statSync(BUNDLE).mtimeMs < Math.max(...BUNDLED_FROM.map(newestJs));
  if (stale) throw new Error(`${BUNDLE} is missing or older than the compiled packages: run \`npm run build\` first (npm test does)`);
}

/** Runs `node <args>` to completion; rejects with its stderr when it exits non-zero. */
export async function runNode(args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`node ${args.join(' ')} exited with ${String(code)}: ${stderr}`);
  return stdout;
}

/** A started child process and a promise of its exit (subscribed at spawn, so never missed). */
export interface Started {
  readonly child: ChildProcess;
  readonly exited: Promise<unknown>;
}

/** Starts `node <args>` and resolves once it has printed `ready` on stdout. */
export async function startNode(args: readonly string[], ready: string): Promise<Started> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = once(child, 'exit');
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes(ready)) resolve();
    });
    exited.then(() => {
      reject(new Error(`fixture exited before "${ready}"`));
    }, reject);
  });
  return { child, exited };
}

/** The pid of a node process that has exited and been reaped (so the pid is free, not a zombie). */
export async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await once(child, 'exit');
  if (child.pid === undefined) throw new Error('could not spawn node');
  return child.pid;
}
