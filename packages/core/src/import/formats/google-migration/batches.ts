/**
 * Putting the QR codes of an export back together. A large Google Authenticator export spans
 * several QR codes (`batch_size`), each with its `batch_index` and the export's `batch_id`;
 * people scan or screenshot them in any order, sometimes one twice, sometimes one not at all.
 * Codes are grouped by export, ordered by index, a repeated scan is read once, and every missing
 * code is reported by number — "QR code 2 of 3 is missing" — so an incomplete transfer is never
 * mistaken for a complete one.
 *
 * Version 2 exports carry no `batch_id` (it reads as 0), so two different single-code exports
 * look alike; a code whose slot is already taken by *different* data therefore starts a new
 * export rather than replacing or being dropped.
 *
 * @module
 */
import type { Fail } from '../../../internal/json.js';
import type { MigrationPayload } from './payload.js';

/** More QR codes than any export makes (Google puts about ten accounts in each). */
export const MAX_BATCH_SIZE = 1000;

/** The QR codes of one export. */
interface Batch {
  readonly id: number;
  readonly size: number;
  readonly codes: Map<number, { readonly payload: MigrationPayload; readonly raw: Uint8Array }>;
}

/** The payloads of an export in order, and what the person should know about them. */
export interface MergedExport {
  readonly payloads: readonly MigrationPayload[];
  readonly warnings: readonly string[];
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function checkBatch(p: MigrationPayload, fail: Fail): number {
  const size = p.batchSize === 0 ? 1 : p.batchSize;
  if (size < 0 || size > MAX_BATCH_SIZE) fail(`batch_size ${p.batchSize} is out of range.`);
  if (p.batchIndex < 0 || p.batchIndex >= size) fail(`batch_index ${p.batchIndex} does not fit batch_size ${size}.`);
  return size;
}

function place(batches: Batch[], p: MigrationPayload, raw: Uint8Array, size: number, warnings: string[]): void {
  for (const batch of batches) {
    if (batch.id !== p.batchId || batch.size !== size) continue;
    const taken = batch.codes.get(p.batchIndex);
    if (taken === undefined) {
      batch.codes.set(p.batchIndex, { payload: p, raw });
      return;
    }
    if (sameBytes(taken.raw, raw)) {
      warnings.push(`QR code ${p.batchIndex + 1} of ${size} was given twice; it was read once.`);
      return;
    }
  }
  batches.push({ id: p.batchId, size, codes: new Map([[p.batchIndex, { payload: p, raw }]]) });
}

function missing(batch: Batch, label: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < batch.size; i++) {
    if (!batch.codes.has(i)) out.push(`${label}QR code ${i + 1} of ${batch.size} is missing.`);
  }
  return out;
}

/**
 * Groups `scans` (payload and its raw bytes, in the order given) into exports in first-seen
 * order, each in index order.
 *
 * @throws whatever `fail` raises for impossible batch numbers.
 */
export function mergeBatches(scans: readonly { payload: MigrationPayload; raw: Uint8Array }[], fail: Fail): MergedExport {
  const batches: Batch[] = [];
  const warnings: string[] = [];
  for (const { payload, raw } of scans) place(batches, payload, raw, checkBatch(payload, fail), warnings);
  const payloads: MigrationPayload[] = [];
  batches.forEach((batch, n) => {
    warnings.push(...missing(batch, batches.length > 1 ? `Export ${n + 1}: ` : ''));
    const codes = [...batch.codes.entries()].sort(([a], [b]) => a - b);
    for (const [, code] of codes) payloads.push(code.payload);
  });
  return { payloads, warnings };
}
