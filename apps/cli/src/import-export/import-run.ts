/**
 * The import pipeline behind `tessera import`: parse every file first (so a file-level error,
 * such as a wrong password, stops everything before the vault is touched), then plan and apply
 * the files one after the other onto the same vault, so an account in two files is imported
 * once. The same pipeline runs on an in-memory copy for `--dry-run`.
 *
 * @module
 */
import {
  applyImport,
  importFile,
  isCoreError,
  planImport,
  type CreationContext,
  type ImportFormat,
  type ImportReport,
  type ParsedImport,
  type Vault,
} from '@tessera/core';
import type { CliIo } from '../io.js';
import { cliImportKdfs } from './node-kdfs.js';
import { importPassword } from './passphrase.js';
import { pooledQrInputs, readImportFile, type ImportFileInput } from './read-inputs.js';
import { importTesseraFile } from './tessera-import.js';

/** What `tessera import` was asked to do. */
export interface ImportRequest {
  readonly files: readonly string[];
  readonly format?: ImportFormat;
  readonly password?: string;
  readonly keepBoth: boolean;
}

/** One parsed source (a file, or the pooled QR screenshots) and its name for the report. */
export interface ParsedSource {
  readonly name: string;
  readonly parsed: ParsedImport;
}

/** The report of one source after applying it. */
export interface SourceReport {
  readonly name: string;
  readonly report: ImportReport;
}

/** `--password`, else `$TESSERA_IMPORT_PASSWORD`; `undefined` when neither gives one (empty counts as none). */
function givenPassword(io: CliIo, request: ImportRequest): string | undefined {
  return [request.password, io.env['TESSERA_IMPORT_PASSWORD']].find((value) => value !== undefined && value !== '');
}

async function withPassword<T>(io: CliIo, request: ImportRequest, name: string, parse: (password?: string) => Promise<T>): Promise<T> {
  const given = givenPassword(io, request);
  if (given !== undefined) return parse(given);
  try {
    return await parse();
  } catch (error) {
    if (!isCoreError(error, 'ERR_IMPORT_PASSWORD_REQUIRED')) throw error;
    return parse(await importPassword(io, name));
  }
}

async function parseInput(io: CliIo, request: ImportRequest, input: { name: string; bytes: Uint8Array }, format?: ImportFormat): Promise<ParsedImport> {
  return withPassword(io, request, input.name, (password) =>
    importFile({ bytes: input.bytes, name: input.name, kdfs: cliImportKdfs, ...(password === undefined ? {} : { password }) }, format),
  );
}

async function parseTessera(io: CliIo, request: ImportRequest, input: { name: string; bytes: Uint8Array }): Promise<ParsedImport> {
  const passphrase = givenPassword(io, request) ?? (await importPassword(io, input.name));
  return importTesseraFile(input.bytes, passphrase, input.name);
}

/** Reads and parses every file of `request`; throws on the first file-level error. */
export async function parseSources(io: CliIo, request: ImportRequest): Promise<ParsedSource[]> {
  const inputs: ImportFileInput[] = [];
  for (const file of request.files) inputs.push(await readImportFile(io.cwd, file));
  const sources: ParsedSource[] = [];
  for (const input of inputs) {
    if (input.kind === 'tessera' || (input.kind === 'file' && request.format === 'tessera')) {
      sources.push({ name: input.name, parsed: await parseTessera(io, request, input) });
    } else if (input.kind === 'file') {
      sources.push({ name: input.name, parsed: await parseInput(io, request, input, request.format) });
    }
  }
  for (const pooled of pooledQrInputs(inputs)) sources.push({ name: pooled.name, parsed: await parseInput(io, request, pooled) });
  return sources;
}

/** Plans and applies every source onto `vault`, in order; returns the new vault and the reports. */
export function applySources(vault: Vault, sources: readonly ParsedSource[], keepBoth: boolean, ctx: CreationContext): { vault: Vault; reports: SourceReport[] } {
  let current = vault;
  const reports: SourceReport[] = [];
  for (const { name, parsed } of sources) {
    const result = applyImport(current, planImport(current, parsed, { keepBoth }), ctx);
    current = result.vault;
    reports.push({ name, report: result.report });
  }
  return { vault: current, reports };
}
