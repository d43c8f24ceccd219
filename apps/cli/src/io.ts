/**
 * The CLI's view of the outside world: streams, environment, clock and randomness, passed into
 * every command so commands can be run in-process by tests and never reach for globals.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { Readable, Writable } from 'node:stream';

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

/** The real process's I/O. Only `main.ts` calls this. */
export function processIo(): CliIo {
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
