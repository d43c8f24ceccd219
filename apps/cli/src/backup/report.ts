/**
 * How backup and restore results read in the terminal: the restore report ("restored N of N
 * (order preserved)", then ✓ / ⚠ / ✗ per account), the restore drill's comparison, and the one
 * time a recovery key is shown.
 *
 * @module
 */
import type { RestoreLine, RestoreReport, Snapshot, SnapshotComparison } from '@tessera/core';
import { formatRestoreSummary } from '@tessera/core';
import type { CommandContext } from '../context.js';
import { accountName } from '../terminal/format.js';

const MARK: Record<RestoreLine['status'], string> = {
  restored: '✓',
  present: '✓',
  'needs-sign-in': '⚠',
  conflict: '⚠',
  failed: '✗',
};

const WORDS: Record<RestoreLine['status'], string> = {
  restored: 'restored',
  present: 'already here',
  'needs-sign-in': 'needs sign-in',
  conflict: 'conflict: kept the local account',
  failed: 'failed',
};

/** The next step for work accounts: push keys never come back from a backup, so this device registers anew. */
const NEXT_SIGN_IN = 'Next: run `tessera work restore` to sign in to each work account and register this device (a Temporary Access Pass from your IT works too).';

/** The report as terminal lines: the summary first, then one line per account in the backup's order. */
export function describeReport(ctx: CommandContext, report: RestoreReport): string[] {
  const colour = (line: RestoreLine): ((text: string) => string) =>
    line.status === 'failed' ? ctx.style.red : line.status === 'restored' || line.status === 'present' ? ctx.style.green : ctx.style.yellow;
  return [
    ctx.style.bold(formatRestoreSummary(report)),
    ...report.lines.map((line) => {
      const reason = line.reason === undefined ? '' : ` — ${line.reason}`;
      return `${colour(line)(MARK[line.status])} ${String(line.position).padStart(3)}. ${accountName(line)}: ${WORDS[line.status]}${reason}`;
    }),
    ...(report.lines.some((line) => line.status === 'needs-sign-in') ? [NEXT_SIGN_IN] : []),
  ];
}


/** The restore drill's verdict as terminal lines. */
export function describeComparison(ctx: CommandContext, name: string, snapshot: Snapshot, comparison: SnapshotComparison): string[] {
  const head = `Latest backup: ${name} (generation ${String(snapshot.generation)}, ${String(snapshot.manifest.count)} accounts, ${new Date(snapshot.createdAt).toISOString()})`;
  if (comparison.matches) return [head, `${ctx.style.green('✓')} It decrypts and matches the vault: a restore would bring back every account, in order.`];
  return [
    head,
    `${ctx.style.red('✗')} It does not match the vault:`,
    ...comparison.missing.map((ref) => `  missing from the backup: ${accountName(ref)}`),
    ...comparison.extra.map((ref) => `  only in the backup: ${accountName(ref)}`),
    ...comparison.changed.map((change) => `  changed since: ${accountName(change.vault)} (${change.fields.join(', ')})`),
    ...(comparison.orderDiffers ? ['  the order differs'] : []),
    ...(comparison.groupsDiffer ? ['  the groups differ'] : []),
  ];
}

/** Shows the recovery key once, on stderr so it never lands in a redirected stdout by accident. */
export function showRecoveryKey(ctx: CommandContext, recoveryKey: string): void {
  const chunks = recoveryKey.match(/.{1,64}/g) ?? [recoveryKey];
  ctx.io.stderr.write(
    [
      '',
      ctx.style.bold('Your recovery key (shown once). Write it down or print it and keep it offline:'),
      '',
      ...chunks.map((chunk) => `  ${chunk}`),
      '',
      'With it, or with your backup passphrase, any new device can restore your accounts.',
      '',
    ].join('\n') + '\n',
  );
}
