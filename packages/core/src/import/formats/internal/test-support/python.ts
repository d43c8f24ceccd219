/**
 * Running Debian's Python (`/usr/bin/python3`, not a pyenv shim) with the independent crypto
 * libraries the cross-checks need: `python3-cryptography` (OpenSSL) and `python3-nacl`
 * (libsodium). In CI a missing library fails the test with the package to install; elsewhere it
 * only skips the cross-check.
 *
 * @module
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const PYTHON = '/usr/bin/python3';

/** True when `/usr/bin/python3` can import every module in `modules`. */
export function pythonHas(...modules: string[]): boolean {
  const result = spawnSync(PYTHON, ['-c', modules.map((m) => `import ${m}`).join('; ')], { encoding: 'utf8', timeout: 20_000 });
  return result.status === 0;
}

/** True when the environment says this is CI, where cross-checks must run. */
export const inCi: boolean = (process.env['CI'] ?? '') !== '' && process.env['CI'] !== 'false';

/**
 * Runs the Python script `script` (a path relative to the calling module's URL `base`) with
 * `input` as JSON on stdin, and returns its stdout as bytes.
 */
export function runPython(base: string, script: string, input: unknown): Buffer {
  const path = fileURLToPath(new URL(script, base));
  const result = spawnSync(PYTHON, [path], { input: JSON.stringify(input), timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) {
    throw new Error(`${script} failed (${String(result.status)}): ${result.stderr.toString()}`);
  }
  return result.stdout;
}
