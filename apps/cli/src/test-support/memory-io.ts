/**
 * An in-memory {@link CliIo} for running the real CLI inside a test: captured output, a fixed
 * or advancing clock, deterministic-but-unique randomness and scripted stdin.
 */
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { CliIo, OutputStream } from '../io.js';
import { runCli } from '../cli.js';

export interface Captured extends OutputStream {
  readonly text: () => string;
}

function capture(isTTY = false): Captured {
  let buffer = '';
  return {
    write: (text: string) => {
      buffer += text;
    },
    isTTY,
    text: () => buffer,
  };
}

export interface TestIoOptions {
  readonly now?: number;
  readonly stdin?: string;
  readonly stdinIsTTY?: boolean;
  readonly env?: Record<string, string>;
  readonly cwd?: string;
}

export interface TestIo extends CliIo {
  readonly stdout: Captured;
  readonly stderr: Captured;
}

/** Builds a test I/O; the vault directory is passed through `env.TESSERA_VAULT_DIR`. */
export function testIo(options: TestIoOptions = {}): TestIo {
  const stdin = Readable.from(options.stdin === undefined ? [] : [Buffer.from(options.stdin)]) as Readable & { isTTY?: boolean };
  if (options.stdinIsTTY === true) stdin.isTTY = true;
  return {
    stdout: capture(),
    stderr: capture(),
    stdin,
    env: { TESSERA_KEYCHAIN: 'off', ...options.env },
    now: () => options.now ?? 1_700_000_000_000,
    random: (n) => new Uint8Array(randomBytes(n)),
    cwd: options.cwd ?? process.cwd(),
  };
}

/** Runs `tessera ARGS` in-process against `vaultDir`; returns exit code and output. */
export async function tessera(
  vaultDir: string,
  args: readonly string[],
  options: TestIoOptions = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = testIo({ ...options, env: { TESSERA_VAULT_DIR: vaultDir, ...options.env } });
  const code = await runCli(args, io);
  return { code, stdout: io.stdout.text(), stderr: io.stderr.text() };
}
