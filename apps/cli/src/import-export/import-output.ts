/**
 * What `tessera import` prints: the summary "imported N of M; K skipped as duplicates; J failed"
 * over all files, then one line per entry that was not imported with its reason (every entry for
 * `--dry-run`), or all of it as JSON.
 *
 * @module
 */
import { formatImportSummary, type ImportLine, type ImportReport } from '@tessera/core';
import type { CommandContext } from '../context.js';
import type { SourceReport } from './import-run.js';

/** The counts a summary is made of. */
type Totals = Pick<ImportReport, 'total' | 'imported' | 'duplicates' | 'failed'>;

/** The counts of all sources added up. */
function totalsOf(reports: readonly SourceReport[]): Totals {
  const sum = (pick: (report: ImportReport) => number): number => reports.reduce((total, { report }) => total + pick(report), 0);
  return { total: sum((r) => r.total), imported: sum((r) => r.imported), duplicates: sum((r) => r.duplicates), failed: sum((r) => r.failed) };
}

const DRY_WORDS = { imported: 'would import', duplicate: 'would skip (duplicate)', failed: 'would fail' } as const;
const WORDS = { imported: 'imported', duplicate: 'skipped (duplicate)', failed: 'failed' } as const;

function lineText(line: ImportLine, dryRun: boolean): string {
  const word = (dryRun ? DRY_WORDS : WORDS)[line.outcome];
  return `  #${String(line.index)} ${line.name}: ${word}${line.reason === undefined ? '' : `: ${line.reason}`}\n`;
}

/** Prints the import (or dry-run) result in text form. */
export function printImportText(ctx: CommandContext, reports: readonly SourceReport[], dryRun: boolean): void {
  const out = ctx.io.stdout;
  out.write(`${dryRun ? 'dry run: would have ' : ''}${formatImportSummary(totalsOf(reports))}\n`);
  for (const { name, report } of reports) {
    const shown = dryRun ? report.lines : report.lines.filter((line) => line.outcome !== 'imported');
    if (reports.length > 1 && (shown.length > 0 || report.warnings.length > 0)) out.write(`${name} (${report.format}):\n`);
    for (const warning of report.warnings) out.write(ctx.style.yellow(`  warning: ${warning}\n`));
    for (const line of shown) out.write(lineText(line, dryRun));
  }
}

/** The `--json` form: every line of every file. */
export function importJson(reports: readonly SourceReport[], dryRun: boolean): unknown {
  const total = totalsOf(reports);
  return {
    dryRun,
    summary: formatImportSummary(total),
    total: total.total,
    imported: total.imported,
    duplicates: total.duplicates,
    failed: total.failed,
    files: reports.map(({ name, report }) => ({ name, format: report.format, warnings: report.warnings, lines: report.lines })),
  };
}
