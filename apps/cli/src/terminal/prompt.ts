/**
 * Reading answers from the person at the terminal: yes/no confirmations, hidden input for
 * secrets and passphrases, and whole-stdin reads for piped input. Nothing read here is echoed
 * or logged.
 *
 * @module
 */
import { createInterface } from 'node:readline';
import type { CliIo } from '../io.js';
import { CliError } from '../errors.js';

/** Reads all of stdin as UTF-8 text (for piped URIs). Bounded to keep hostile input out of memory. */
export async function readAllStdin(io: CliIo, limitBytes = 16 * 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of io.stdin) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > limitBytes) {
      throw new CliError('ERR_INPUT_TOO_LARGE', `Standard input is larger than ${String(limitBytes)} bytes.`);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads one line from stdin, showing `question` on stderr. */
export async function askLine(io: CliIo, question: string): Promise<string> {
  const rl = createInterface({ input: io.stdin, terminal: false });
  io.stderr.write(question);
  try {
    for await (const line of rl) return line;
    return '';
  } finally {
    rl.close();
  }
}

/**
 * Asks a yes/no question. Without a terminal there is nobody to ask, so the caller must have
 * passed `--yes`; we refuse rather than guess.
 */
export async function confirm(io: CliIo, question: string): Promise<boolean> {
  if (io.stdin.isTTY !== true) {
    throw new CliError('ERR_CONFIRMATION_REQUIRED', `${question} Re-run with --yes to confirm without a terminal.`);
  }
  const answer = (await askLine(io, `${question} [y/N] `)).trim().toLowerCase();
  return answer === 'y' || answer === 'yes';
}

/**
 * Reads a line without echoing it (secrets, passphrases). On a terminal the input is read in raw
 * mode so nothing appears on screen; piped input is read as a plain line.
 */
export async function askHidden(io: CliIo, question: string): Promise<string> {
  const stdin = io.stdin;
  const setRawMode = stdin.setRawMode?.bind(stdin);
  if (stdin.isTTY !== true || setRawMode === undefined) {
    return askLine(io, question);
  }
  io.stderr.write(question);
  setRawMode(true);
  stdin.resume();
  try {
    return await new Promise<string>((resolve, reject) => {
      let value = '';
      const onData = (data: Buffer): void => {
        for (const char of data.toString('utf8')) {
          if (char === '\r' || char === '\n') {
            stdin.off('data', onData);
            resolve(value);
            return;
          }
          if (char === '\u0003') {
            stdin.off('data', onData);
            reject(new CliError('ERR_ABORTED', 'Cancelled.'));
            return;
          }
          value = char === '\u007f' || char === '\b' ? value.slice(0, -1) : value + char;
        }
      };
      stdin.on('data', onData);
    });
  } finally {
    setRawMode(false);
    stdin.pause();
    io.stderr.write('\n');
  }
}
