// Timing one whole process, the way the CLI sections compare commands: wall-clock milliseconds
// from spawning it to its exit, start-up included.
import { spawnSync } from 'node:child_process';

/**
 * Runs `command args…` to its end; its wall-clock milliseconds and stdout. Throws with its
 * stderr unless it exits with status 0.
 *
 * @param {string} command
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} [env] (default: this process's)
 * @returns {{ ms: number, stdout: string }}
 */
export function timedSpawn(command, args, env = process.env) {
  const start = performance.now();
  const result = spawnSync(command, args, { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const ms = performance.now() - start;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr}`);
  return { ms, stdout: result.stdout };
}
