/**
 * The installed `tessera` command as a real child process, for the backup fault tests: run one
 * to completion, or start one and `kill -9` it whenever the test decides. Needs the build
 * (`npm run build`, which makes the bundle the command runs; `npm test` builds first).
 *
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { requireCliBundle } from '../../store/test-support/processes.js';

/** The bin shim npm links as `tessera`, which loads the bundle: the artefact users run. */
export const TESSERA_BIN = fileURLToPath(new URL('../../../bin/tessera.js', import.meta.url));

/** How a `tessera` process ended. */
export interface Ended {
  /** Exit code, or null when a signal ended it. */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A started `tessera` process and the promise of its end (subscribed at spawn, so never missed). */
export interface Running {
  readonly child: ChildProcess;
  readonly ended: Promise<Ended>;
  /** Sends SIGKILL unless the process has already exited. */
  readonly kill: () => void;
}

/** Fails with a clear message when the bundle the process tests run is missing or stale. */
export function requireCliBuild(): void {
  requireCliBundle();
}

/** Starts `tessera ARGS` with exactly `env` (plus the keychain off and no colour). */
export function startTessera(args: readonly string[], env: Readonly<Record<string, string>>): Running {
  const child = spawn(process.execPath, [TESSERA_BIN, ...args], {
    env: { PATH: process.env['PATH'] ?? '', TESSERA_KEYCHAIN: 'off', NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // Awaiting 'close' (not just 'exit') reaps the child and drains its pipes.
  const ended = (once(child, 'close') as Promise<[number | null, NodeJS.Signals | null]>).then(([code, signal]) => ({ code, signal, stdout, stderr }));
  const kill = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  return { child, ended, kill };
}

/** Runs `tessera ARGS` to completion. */
export function runTessera(args: readonly string[], env: Readonly<Record<string, string>>): Promise<Ended> {
  return startTessera(args, env).ended;
}
