/**
 * How admin answers look on a terminal: aligned tables of users, methods and audit events, and
 * times in UTC ISO form so what an admin pastes into a ticket is unambiguous. Everything the
 * server sent passes through {@link terminalSafe} first: names and emails are other people's
 * input and must not be able to drive the terminal.
 *
 * @module
 */
import type { AdminUser, MethodSummary } from './admin-api.js';
import { terminalSafe } from './server-error.js';

/** A time from the server (epoch ms or ISO text) as `2026-11-25 23:05:00Z`; `-` when absent. */
export function formatTime(value: unknown): string {
  if (value === null || value === undefined || value === '') return '-';
  if (typeof value !== 'number' && typeof value !== 'string') return cell(value);
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return cell(value);
  return `${date.toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

/** Any server value as one safe table cell. */
export function cell(value: unknown): string {
  if (value === null || value === undefined) return '-';
  if (typeof value === 'string') return terminalSafe(value, 120);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return terminalSafe(JSON.stringify(value), 120);
}

/** Rows (with a header) for a user table. */
export function userRows(users: readonly AdminUser[]): string[][] {
  return [
    ['Email', 'Name', 'Role', 'Status', 'Password', 'Id'],
    ...users.map((user) => [cell(user.email), cell(user.displayName), cell(user.role), cell(user.status), user.hasPassword ? 'set' : 'none', cell(user.id)]),
  ];
}

/** Label/value lines describing one user. */
export function userLines(user: AdminUser): string[][] {
  return [
    ['Email:', cell(user.email)],
    ['Name:', cell(user.displayName)],
    ['Role:', cell(user.role)],
    ['Status:', cell(user.status)],
    ['Password:', user.hasPassword ? 'set' : 'not set'],
    ['Created:', formatTime(user.createdAt)],
    ['Id:', cell(user.id)],
  ];
}

/** Rows (with a header) for a method table. */
export function methodRows(methods: readonly MethodSummary[]): string[][] {
  return [
    ['Id', 'Kind', 'Label', 'Added', 'Last used', 'Via TAP'],
    ...methods.map((method) => [cell(method.id), cell(method.kind), cell(method.label), formatTime(method.createdAt), formatTime(method.lastUsedAt), method.registeredWithTap ? 'yes' : 'no']),
  ];
}

function first(event: Readonly<Record<string, unknown>>, names: readonly string[]): unknown {
  for (const name of names) if (event[name] !== undefined) return event[name];
  return undefined;
}

/** Rows (with a header) for audit events; the field names follow the server's JSON. */
export function auditRows(events: readonly Readonly<Record<string, unknown>>[]): string[][] {
  return [
    ['Time', 'Action', 'Actor', 'Target', 'IP', 'Detail'],
    ...events.map((event) => [
      formatTime(first(event, ['at', 'time', 'createdAt'])),
      cell(event['action']),
      cell(first(event, ['actorEmail', 'actorUserId', 'actor'])),
      cell(first(event, ['targetEmail', 'targetUserId', 'target'])),
      cell(event['ip']),
      cell(first(event, ['detail', 'details'])),
    ]),
  ];
}
