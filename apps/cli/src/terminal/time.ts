/**
 * Parses the `--at TIME` argument: an ISO 8601 date-time, Unix seconds (`1700000000`) or
 * `@1700000000` as `oathtool -N` writes it.
 *
 * @module
 */
import { CliError } from '../errors.js';

/** Returns Unix epoch milliseconds. */
export function parseTime(text: string): number {
  const trimmed = text.trim();
  const seconds = /^@?(\d{1,15})$/.exec(trimmed);
  if (seconds?.[1] !== undefined) return Number(seconds[1]) * 1000;
  // Only full dates with a time zone: "10:00" without a zone would silently mean local time.
  if (/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/.test(trimmed)) {
    const ms = Date.parse(trimmed);
    if (Number.isFinite(ms) && ms >= 0) return ms;
  }
  throw new CliError(
    'ERR_USAGE',
    `--at expects Unix seconds (1700000000), @seconds, or an ISO 8601 time with a zone (2026-01-01T12:00:00Z); got "${text}".`,
  );
}
