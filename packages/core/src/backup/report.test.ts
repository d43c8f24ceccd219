import { describe, expect, it } from 'vitest';
import { formatRestoreSummary, reportOf, type RestoreLine, type RestoreLineStatus } from './report.js';

function line(position: number, status: RestoreLineStatus): RestoreLine {
  return { position, id: `id-${position}`, issuer: 'Issuer', label: `label ${position}`, status };
}

describe('restore report', () => {
  it('counts each status once, adding up to the lines', () => {
    const statuses: RestoreLineStatus[] = ['restored', 'restored', 'present', 'needs-sign-in', 'conflict', 'failed'];
    const report = reportOf(6, statuses.map((s, i) => line(i + 1, s)), true);
    expect(report).toMatchObject({ expected: 6, restored: 2, present: 1, needsSignIn: 1, conflicts: 1, failed: 1 });
    expect(report.restored + report.present + report.needsSignIn + report.conflicts + report.failed).toBe(report.lines.length);
  });

  it.each<[string, RestoreLineStatus[], boolean, string]>([
    ['all restored', ['restored', 'restored'], true, 'restored 2 of 2 (order preserved)'],
    ['an empty backup', [], true, 'restored 0 of 0 (order preserved)'],
    ['a re-restore', ['present', 'present', 'present'], true, 'restored 3 of 3 (3 already present; order preserved)'],
    ['work accounts', ['restored', 'needs-sign-in', 'needs-sign-in'], true, 'restored 3 of 3 (2 need sign-in; order preserved)'],
    ['one of each problem', ['restored', 'present', 'needs-sign-in', 'conflict', 'failed'], false,
      'restored 3 of 5 (1 already present, 1 needs sign-in, 1 conflict kept local, 1 failed; order not preserved)'],
    ['two conflicts', ['conflict', 'conflict', 'restored'], true, 'restored 1 of 3 (2 conflicts kept local; order preserved)'],
  ])('summarises %s', (_, statuses, order, text) => {
    expect(formatRestoreSummary(reportOf(statuses.length, statuses.map((s, i) => line(i + 1, s)), order))).toBe(text);
  });
});
