/**
 * Parsing of the values admins type: TAP lifetimes (`90m`, `2h`), time bounds for the audit log
 * (`2026-11-01`, an ISO time, or "ago" durations like `24h`, `7d`) and policy assignments
 * (`tap.maxLifetimeMinutes=240`). Mistakes are `ERR_USAGE` with the accepted forms named, before
 * anything is sent to the server.
 *
 * @module
 */
import { CliError } from '../errors.js';

const UNIT_MINUTES: Readonly<Record<string, number>> = { m: 1, h: 60, d: 24 * 60 };

/**
 * A TAP lifetime in whole minutes: `45` or `45m`, `2h`.
 *
 * @example
 * ```ts
 * parseLifetime('2h'); // → 120
 * ```
 */
export function parseLifetime(text: string): number {
  const match = /^(\d{1,5})([mh]?)$/.exec(text.trim());
  const minutes = match === null ? Number.NaN : Number(match[1]) * (match[2] === 'h' ? 60 : 1);
  if (!Number.isSafeInteger(minutes) || minutes <= 0) throw new CliError('ERR_USAGE', `--lifetime must be minutes or hours, like 60m or 2h (got ${JSON.stringify(text)}).`);
  return minutes;
}

/**
 * An instant for `--since`/`--until` in epoch ms: a date (`2026-11-01`, midnight UTC), an ISO
 * date-time, or a duration before `now` (`30m`, `24h`, `7d`).
 *
 * @example
 * ```ts
 * parseInstant('24h', Date.parse('2026-11-02T00:00:00Z')); // → Date.parse('2026-11-01T00:00:00Z')
 * ```
 */
export function parseInstant(text: string, now: number, flag: string): number {
  const trimmed = text.trim();
  const ago = /^(\d{1,6})([mhd])$/.exec(trimmed);
  if (ago !== null) return now - Number(ago[1]) * (UNIT_MINUTES[ago[2] ?? 'm'] ?? 1) * 60_000;
  const at = /^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(trimmed) ? Date.parse(trimmed.length === 10 ? `${trimmed}T00:00:00Z` : trimmed) : Number.NaN;
  if (Number.isNaN(at)) throw new CliError('ERR_USAGE', `${flag} must be a date (2026-11-01), an ISO time (2026-11-01T09:30:00Z) or a duration ago (30m, 24h, 7d).`);
  return at;
}

function coerce(key: string, raw: string, current: unknown): unknown {
  if (typeof current === 'boolean') {
    if (raw === 'true' || raw === 'on' || raw === 'yes') return true;
    if (raw === 'false' || raw === 'off' || raw === 'no') return false;
    throw new CliError('ERR_USAGE', `${key} is true or false.`);
  }
  if (typeof current === 'number') {
    if (!/^-?\d+(\.\d+)?$/.test(raw)) throw new CliError('ERR_USAGE', `${key} is a number.`);
    return Number(raw);
  }
  if (typeof current === 'string') return raw;
  throw new CliError('ERR_USAGE', `${key} is a group of settings; set its parts (e.g. ${key}.…=…).`);
}

/** Every settable key of `policy`, dotted (`tap.defaultLifetimeMinutes`). */
export function policyKeys(policy: Readonly<Record<string, unknown>>, prefix = ''): string[] {
  return Object.entries(policy).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null && !Array.isArray(value) ? policyKeys(value as Record<string, unknown>, `${prefix}${key}.`) : [`${prefix}${key}`]);
}

function assign(target: Record<string, unknown>, path: readonly string[], raw: string, key: string, known: readonly string[]): Record<string, unknown> {
  const [head, ...rest] = path;
  if (head === undefined || !Object.hasOwn(target, head)) throw new CliError('ERR_USAGE', `Unknown policy setting ${JSON.stringify(key)}; settings: ${known.join(', ')}.`);
  const current = target[head];
  if (rest.length === 0) return { ...target, [head]: coerce(key, raw, current) };
  if (typeof current !== 'object' || current === null) throw new CliError('ERR_USAGE', `Unknown policy setting ${JSON.stringify(key)}; settings: ${known.join(', ')}.`);
  return { ...target, [head]: assign(current as Record<string, unknown>, rest, raw, key, known) };
}

/**
 * `policy` with each `KEY=VALUE` applied; values take the type of the setting they replace.
 *
 * @example
 * ```ts
 * applyAssignments({ tap: { maxLifetimeMinutes: 480 } }, ['tap.maxLifetimeMinutes=240']); // → { tap: { maxLifetimeMinutes: 240 } }
 * ```
 */
export function applyAssignments(policy: Readonly<Record<string, unknown>>, assignments: readonly string[]): Record<string, unknown> {
  const known = policyKeys(policy);
  let next: Record<string, unknown> = { ...policy };
  for (const assignment of assignments) {
    const equals = assignment.indexOf('=');
    if (equals <= 0) throw new CliError('ERR_USAGE', `Write settings as KEY=VALUE (got ${JSON.stringify(assignment)}).`);
    const key = assignment.slice(0, equals).trim();
    next = assign(next, key.split('.'), assignment.slice(equals + 1).trim(), key, known);
  }
  return next;
}
