/**
 * The CLI's view of the outside world: streams, environment, clock and randomness, passed into
 * every command so commands can be run in-process by tests and never reach for globals.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { Readable, Writable } from 'node:stream';
import { ExitCode } from './exit-codes.js';

/** A writable text stream, plus whether it is an interactive terminal. */
export interface OutputStream {
  readonly write: (text: string) => void;
  readonly isTTY: boolean;
  /** Terminal width in columns, when known. */
  readonly columns?: number;
}

/** Standard input; on a terminal it can switch to raw mode for hidden input and key presses. */
export type TerminalInput = Readable & {
  isTTY?: boolean;
  setRawMode?: (mode: boolean) => unknown;
};

/** Everything a command may touch besides the vault. */
export interface CliIo {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly stdin: TerminalInput;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Current time in Unix epoch milliseconds. */
  readonly now: () => number;
  /** Cryptographically secure random bytes. */
  readonly random: (length: number) => Uint8Array;
  /** Working directory, for resolving relative file arguments. */
  readonly cwd: string;
}

function wrapStream(stream: Writable & { isTTY?: boolean; columns?: number }): OutputStream {
  return {
    write: (text) => stream.write(text),
    get isTTY() {
      return stream.isTTY === true;
    },
    get columns() {
      return stream.columns;
    },
  } as OutputStream;
}

/**
 * Ends the process quietly when the reader of `stream` has gone (`tessera list | head`), as a
 * Unix tool killed by SIGPIPE would, instead of crashing with a stack trace: Node ignores
 * SIGPIPE and reports the closed pipe as an `EPIPE` error on the stream. Ending mid-command is
 * safe: vault writes are atomic and a dead process's lock is reclaimed (store/crash.test.ts).
 * Any other stream error stays fatal, as before.
 */
function exitWhenReaderGone(stream: Writable): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(ExitCode.outputClosed);
  });
}

/** The real process's I/O. Only `main.ts` calls this. */
export function processIo(): CliIo {
  exitWhenReaderGone(process.stdout);
  exitWhenReaderGone(process.stderr);
  return {
    stdout: wrapStream(process.stdout),
    stderr: wrapStream(process.stderr),
    stdin: process.stdin,
    env: process.env,
    now: () => Date.now(),
    random: (length) => new Uint8Array(randomBytes(length)),
    cwd: process.cwd(),
  };
}
