/**
 * The restore report (ARCHITECTURE.md §1): one line per account of the backup — restored,
 * already present, needs sign-in, conflict or failed — and "N of N" against the backup's
 * manifest, so checking that everything came back takes one glance instead of a recount.
 *
 * @module
 */

/** What happened to one account of the backup. */
export type RestoreLineStatus = 'restored' | 'present' | 'needs-sign-in' | 'conflict' | 'failed';

/** One account of the backup in the report. */
export interface RestoreLine {
  /** 1-based place in the backup's display order. */
  readonly position: number;
  /** The account's id in the backup. */
  readonly id: string;
  readonly issuer: string;
  readonly label: string;
  readonly status: RestoreLineStatus;
  /** Why, when the status alone does not say everything (never anything secret). */
  readonly reason?: string;
}

/**
 * The outcome of a restore. The counts are disjoint and add up to `lines.length`, which equals
 * `expected` for any snapshot that decoded (its manifest was checked).
 */
export interface RestoreReport {
  /** Accounts the backup's manifest lists. */
  readonly expected: number;
  /** Added (or replacing a local account by choice) and ready to use. */
  readonly restored: number;
  /** Already in the vault; nothing added. */
  readonly present: number;
  /** Work accounts added that need sign-in to register this device. */
  readonly needsSignIn: number;
  readonly failed: number;
  /** Conflicts left as the local account (no choice, or `keep-local`). */
  readonly conflicts: number;
  /** True when the backup's accounts are in the vault in the backup's relative order. */
  readonly orderPreserved: boolean;
  readonly lines: readonly RestoreLine[];
}

/** A report from its lines, counting each status. */
export function reportOf(expected: number, lines: readonly RestoreLine[], orderPreserved: boolean): RestoreReport {
  const count = (status: RestoreLineStatus): number => lines.filter((l) => l.status === status).length;
  return {
    expected,
    restored: count('restored'),
    present: count('present'),
    needsSignIn: count('needs-sign-in'),
    failed: count('failed'),
    conflicts: count('conflict'),
    orderPreserved,
    lines,
  };
}

/**
 * One line summing up a report. The first number counts every account of the backup that the
 * vault now holds — restored, already present or awaiting sign-in — against the manifest.
 *
 * @example
 * ```ts
 * formatRestoreSummary(report); // 'restored 12 of 12 (order preserved)'
 * // 'restored 11 of 12 (2 already present, 1 needs sign-in, 1 conflict kept local; order not preserved)'
 * ```
 */
export function formatRestoreSummary(report: RestoreReport): string {
  const held = report.restored + report.present + report.needsSignIn;
  const details = [
    report.present > 0 ? `${report.present} already present` : '',
    report.needsSignIn > 0 ? `${report.needsSignIn} ${report.needsSignIn === 1 ? 'needs' : 'need'} sign-in` : '',
    report.conflicts > 0 ? `${report.conflicts} ${report.conflicts === 1 ? 'conflict' : 'conflicts'} kept local` : '',
    report.failed > 0 ? `${report.failed} failed` : '',
  ].filter((part) => part !== '');
  const order = report.orderPreserved ? 'order preserved' : 'order not preserved';
  const inside = details.length === 0 ? order : `${details.join(', ')}; ${order}`;
  return `restored ${held} of ${report.expected} (${inside})`;
}
