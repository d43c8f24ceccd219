/**
 * Checks shared by the destination factories.
 *
 * @module
 */
import { DEFAULT_TIMEOUT_MS } from './http.js';

/** `timeoutMs` or the default; a caller passing a non-positive or non-finite bound made a mistake. */
export function timeoutOrDefault(timeoutMs: number | undefined): number {
  if (timeoutMs === undefined) return DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new RangeError(`timeoutMs must be a positive number of milliseconds, got ${timeoutMs}`);
  return timeoutMs;
}

/** Percent-encodes each segment of an object name, keeping the slashes between them. */
export function encodeNamePath(name: string): string {
  return name.split('/').map(encodeURIComponent).join('/');
}
