/**
 * What became of each account of the backup during a restore, and the report line that says
 * so in words a person can act on (which local account, what to choose, what differs).
 *
 * @module
 */
import type { Account } from '../vault/types.js';
import type { RestorePlanItem } from './plan.js';
import type { RestoreLine, RestoreLineStatus } from './report.js';

/** How an item was handled. */
export type OutcomeHow = 'added' | 'present' | 'took-backup' | 'kept-both' | 'kept-local' | 'unresolved' | 'stale';

/** One item of the plan, how it was handled and the account it left in the vault (if any). */
export interface Outcome {
  readonly item: RestorePlanItem;
  readonly result: Account | undefined;
  readonly how: OutcomeHow;
}

const NO_POSITION = 'no position is left after the last account; move an account (which renumbers them) and restore again';
const STALE = 'the vault changed since the restore was planned, so the choice made for this conflict no longer applies; plan the restore again';

function localNumber(item: RestorePlanItem): string {
  return item.status === 'new' ? '' : `#${item.local.position}`;
}

function presentReason(item: RestorePlanItem): string | undefined {
  if (item.status !== 'present') return undefined;
  const raised = item.raiseCounterTo === undefined ? [] : [`HOTP counter raised to ${item.raiseCounterTo} from the backup`];
  const kept = item.differences.filter((f) => f !== 'counter' || item.raiseCounterTo === undefined);
  const differs = kept.length === 0 ? [] : [`local ${kept.join(', ')} kept (the backup differs)`];
  const parts = [...raised, ...differs];
  return parts.length === 0 ? undefined : parts.join('; ');
}

function conflictReason(item: RestorePlanItem): string {
  if (item.status !== 'conflict') return '';
  const what = item.reason === 'same-id' ? 'is this account with a different secret or parameters' : 'has the same issuer and label but is a different account';
  return `${localNumber(item)} here ${what}; choose ${item.choices.join(', ')}`;
}

function added(result: Account | undefined, reason: string | undefined): { status: RestoreLineStatus; reason?: string } {
  if (result === undefined) return { status: 'failed', reason: NO_POSITION };
  const signIn = result.kind === 'work' ? 'sign in to register this device' : undefined;
  const parts = [reason, signIn].filter((p) => p !== undefined);
  return { status: result.kind === 'work' ? 'needs-sign-in' : 'restored', ...(parts.length === 0 ? {} : { reason: parts.join('; ') }) };
}

function verdict(outcome: Outcome): { status: RestoreLineStatus; reason?: string } {
  const { item, result } = outcome;
  switch (outcome.how) {
    case 'added':
      return added(result, item.status === 'new' && item.deletedLocallyAt !== undefined ? 'had been deleted on this device' : undefined);
    case 'present': {
      const reason = presentReason(item);
      return { status: 'present', ...(reason === undefined ? {} : { reason }) };
    }
    case 'took-backup':
      return added(result, `replaced the local account ${localNumber(item)} (take-backup)`);
    case 'kept-both':
      return added(result, `added next to the local account ${localNumber(item)} (keep-both)`);
    case 'kept-local':
      return { status: 'conflict', reason: `kept the local account ${localNumber(item)} (keep-local)` };
    case 'unresolved':
      return { status: 'conflict', reason: conflictReason(item) };
    case 'stale':
      return { status: 'failed', reason: STALE };
  }
}

/** The report line of `outcome`, named as the backup names the account. */
export function lineFor(outcome: Outcome): RestoreLine {
  const { account, position } = outcome.item;
  return { position, id: account.id, issuer: account.issuer, label: account.label, ...verdict(outcome) };
}
