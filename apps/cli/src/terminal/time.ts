/**
 * Parses the `--at TIME` argument: an ISO 8601 date-time, Unix seconds (`1700000000`) or
 * `@1700000000` as `oathtool -N` writes it.
 *
 * @module
 */
import { CliError } from '../errors.js';

const MAX_SECONDS = 8_640_000_000_000;

/** Rejects dates `Date.parse` would quietly roll over, such as 30 February or 24:61. */
function realDate(parts: RegExpExecArray): boolean {
  const [year, month, day, hour = 0, minute = 0, second = 0] = parts.slice(1).map((part: string | undefined) => (part === undefined ? undefined : Number(part)));
  if (year === undefined || month === undefined || day === undefined) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day && hour < 24 && minute < 60 && second < 60;
}

/** Returns Unix epoch milliseconds. */
export function parseTime(text: string): number {
  const trimmed = text.trim();
  const seconds = /^@?(\d{1,13})$/.exec(trimmed);
  // The largest moment a JavaScript Date can hold (year 275760), in seconds.
  if (seconds?.[1] !== undefined && Number(seconds[1]) <= MAX_SECONDS) return Number(seconds[1]) * 1000;
  // Only full dates with a time zone: "10:00" without a zone would silently mean local time.
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}))?$/.exec(trimmed);
  if (iso !== null && realDate(iso)) {
    const ms = Date.parse(trimmed);
    if (Number.isFinite(ms) && ms >= 0) return ms;
  }
  throw new CliError(
    'ERR_USAGE',
    `--at expects Unix seconds (1700000000), @seconds, or an ISO 8601 time with a zone (2026-01-01T12:00:00Z); got "${text}".`,
  );
}
