/**
 * The log for events the server raises itself — security alerts (a TAP issued, "this wasn't me",
 * a device registered during a TAP session), delivery failures, background jobs. One JSON object
 * per line on stderr, in the same shape as the request log, so one collector reads both.
 * Callers pass facts (ids, kinds, counts); secrets never reach this function, and keys that look
 * like credentials are dropped as a second line of defence.
 *
 * @module
 */
import type { ServerConfig } from '../config/config.js';
import type { Logger } from '../context.js';

const LEVELS = { debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity } as const;
const SECRET_KEY = /pass(word)?|secret|token|code|cookie|authorization|seed/i;

type Write = (line: string) => void;

/** A JSON-lines logger at `config.logLevel`, writing to `write` (stderr by default). */
export function jsonLogger(config: Pick<ServerConfig, 'logLevel'>, write: Write = (line) => process.stderr.write(line)): Logger {
  const threshold = LEVELS[config.logLevel];
  const emit = (level: 'info' | 'warn' | 'error', fields: Record<string, unknown>, message: string): void => {
    if (LEVELS[level] < threshold) return;
    const safe = Object.fromEntries(Object.entries(fields).filter(([key]) => !SECRET_KEY.test(key)));
    write(`${JSON.stringify({ level: LEVELS[level], time: Date.now(), ...safe, msg: message })}\n`);
  };
  return {
    info: (fields, message) => { emit('info', fields, message); },
    warn: (fields, message) => { emit('warn', fields, message); },
    error: (fields, message) => { emit('error', fields, message); },
  };
}

/** A logger that drops everything: for one-shot commands and tests, where no log sink is wanted. */
export const silentLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
