/**
 * Answering one sign-in request: show it (who, app, where from, when), get the decision — from
 * the flags, or the number the person reads off the sign-in screen — and send it signed. The
 * device is never told the number; the person types it, which is what makes a push that
 * someone else started fail.
 *
 * @module
 */
import type { CommandContext } from '../context.js';
import { isCliError } from '../errors.js';
import { askLine } from '../terminal/prompt.js';
import { answerApproval, type Decision, type PendingApproval } from './device-api.js';
import type { WorkAccountState } from './accounts.js';
import type { LoadedWorkKey } from './key-store.js';

/** The decision flags of `tessera approve`. */
export interface DecisionFlags {
  readonly number?: string;
  readonly deny?: boolean;
  readonly report?: boolean;
}

/** One answered (or skipped, or refused) request, as `--json` prints it. */
export interface AnswerRecord {
  readonly account: string;
  readonly approvalId: string;
  readonly app: string;
  readonly ip: string;
  readonly createdAt: string;
  readonly decision: Decision | 'skip';
  readonly status?: string;
  readonly error?: string;
}

/** A request of one account, ready to answer. */
export interface Request {
  readonly state: WorkAccountState & { readonly key: LoadedWorkKey };
  readonly approval: PendingApproval;
}

function describe(ctx: CommandContext, { state, approval }: Request): string {
  const left = Math.max(0, Math.round((approval.expiresAt - ctx.io.now()) / 1000));
  const when = new Date(approval.createdAt).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  return `Sign-in request for ${ctx.style.bold(state.account.work.username)} (${state.account.issuer}): ${approval.app}, from ${approval.ip}, at ${when}; ${left} s left.`;
}

async function ask(ctx: CommandContext): Promise<{ decision: Decision | 'skip'; number: string | null }> {
  for (let tries = 0; tries < 3; tries++) {
    const answer = (await askLine(ctx.io, 'Enter the number shown on the sign-in screen (d = deny, r = this wasn\'t me, Enter = skip): ')).trim().toLowerCase();
    if (/^\d{2}$/.test(answer)) return { decision: 'approve', number: answer };
    if (answer === 'd') return { decision: 'deny', number: null };
    if (answer === 'r') return { decision: 'report', number: null };
    if (answer === '') return { decision: 'skip', number: null };
    ctx.io.stderr.write('The number on the sign-in screen has two digits.\n');
  }
  return { decision: 'skip', number: null };
}

function fromFlags(flags: DecisionFlags): { decision: Decision; number: string | null } | undefined {
  if (flags.deny === true) return { decision: 'deny', number: null };
  if (flags.report === true) return { decision: 'report', number: null };
  if (flags.number !== undefined) return { decision: 'approve', number: flags.number };
  return undefined;
}

const DONE: Readonly<Record<string, string>> = {
  approved: '✓ Approved.',
  denied: '✓ Denied.',
  reported: '✓ Reported as not you: the sign-in was denied, further requests are paused and your IT was told.',
};

/**
 * Shows `request`, decides and answers it; refusals are recorded, not thrown (the caller decides).
 *
 * @example
 * ```ts
 * const record = await answerRequest(ctx, { state, approval }, { number: '42' });
 * ```
 */
export async function answerRequest(ctx: CommandContext, request: Request, flags: DecisionFlags, quiet: boolean): Promise<{ record: AnswerRecord; error?: unknown }> {
  const { state, approval } = request;
  if (!quiet) ctx.io.stderr.write(`${describe(ctx, request)}\n`);
  const chosen = fromFlags(flags) ?? (await ask(ctx));
  const base = { account: state.account.work.username, approvalId: approval.id, app: approval.app, ip: approval.ip, createdAt: new Date(approval.createdAt).toISOString(), decision: chosen.decision };
  if (chosen.decision === 'skip') return { record: base };
  try {
    const status = await answerApproval(ctx.io, state.key, approval, chosen.decision, chosen.number);
    if (!quiet) ctx.io.stderr.write(`${ctx.style.green(DONE[status] ?? status)}\n`);
    return { record: { ...base, status } };
  } catch (error) {
    if (!isCliError(error)) throw error;
    if (!quiet) ctx.io.stderr.write(`${ctx.style.red('✗')} ${error.message} [${error.code}]\n`);
    return { record: { ...base, error: error.code }, error };
  }
}
