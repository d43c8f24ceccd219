/**
 * Importing accounts from other authenticators: read an export (`importFile`, the format
 * detected or named), preview what would happen to each entry (`planImport`), then apply it
 * (`applyImport`) and report every entry — imported, skipped as a duplicate, or failed with its
 * reason. Nothing is dropped silently, and importing the same file twice changes nothing.
 *
 * @module
 */
export { applyImport, formatImportSummary, type ImportResult } from './apply.js';
export { detectFormat } from './detect.js';
export { IMPORT_FORMATS, isImportFormat } from './format.js';
export { importFile } from './import-file.js';
export { MAX_IMPORT_BYTES } from './internal/limits.js';
export {
  planImport,
  type ImportAddItem,
  type ImportDuplicateItem,
  type ImportFailedItem,
  type ImportPlan,
  type ImportPlanItem,
  type ImportPlanOptions,
} from './plan.js';
export { importers } from './registry.js';
export type {
  EntrySource,
  FailedEntry,
  ImportedAccount,
  Importer,
  ImportFormat,
  ImportInput,
  ImportKdfs,
  ImportLine,
  ImportOutcome,
  ImportReport,
  ParsedEntry,
  ParsedImport,
} from './types.js';
