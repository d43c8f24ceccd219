/**
 * `tessera approve`: one command for every work account registered on this device. With
 * `--once` it answers the requests pending now (waiting up to `--wait` seconds on the event
 * streams for one to arrive) and exits; otherwise it listens on every account's event stream,
 * reconnecting with a fresh device token whenever the server ends one, until interrupted.
 * Accounts that need sign-in are named with the next step; a revoked device is a typed error.
 *
 * @module
 */
import { resolveAccount } from '@tessera/core';
import { printJson, type CommandContext } from '../context.js';
import { CliError, isCliError } from '../errors.js';
import { answerRequest, type AnswerRecord, type DecisionFlags, type Request } from './answer.js';
import { workAccountStates, type WorkAccountState } from './accounts.js';
import { listPendingApprovals } from './device-api.js';
import { deviceEvents } from './events.js';
import type { LoadedWorkKey } from './key-store.js';

/** Options of `tessera approve`. */
export interface ApproveOptions extends DecisionFlags {
  readonly once?: boolean;
  /** With `--once`: seconds to wait for a request when none is pending. */
  readonly wait?: number;
  readonly account?: string;
  readonly json?: boolean;
}

type Usable = WorkAccountState & { readonly key: LoadedWorkKey };

async function selected(ctx: CommandContext, options: ApproveOptions): Promise<{ usable: Usable[]; needSignIn: WorkAccountState[] }> {
  const { vault, states } = await workAccountStates(ctx);
  const only = options.account === undefined ? undefined : resolveAccount(vault, options.account).id;
  const mine = states.filter((s) => only === undefined || s.account.id === only);
  const needSignIn = mine.filter((s) => s.key === undefined);
  if (options.json !== true) {
    for (const s of needSignIn) ctx.io.stderr.write(`${ctx.style.yellow('⚠')} ${s.account.work.username} (${s.account.issuer}): needs sign-in — ${s.reason ?? ''}. Next: tessera work restore\n`);
  }
  const usable = mine.filter((s): s is Usable => s.key !== undefined);
  if (usable.length === 0) {
    throw new CliError('ERR_WORK_SIGN_IN_REQUIRED', mine.length === 0 ? 'No work account in this vault: add one with `tessera work add EMAIL`.' : 'No work account is registered on this device: run `tessera work restore`.');
  }
  return { usable, needSignIn };
}

function revoked(state: Usable): CliError {
  return new CliError('ERR_WORK_DEVICE_REVOKED', `${state.account.work.username}: the organisation removed this device's registration; run \`tessera work restore\`.`);
}

/** The first request to arrive on any account's stream within `seconds`, or none. */
function firstFromStreams(ctx: CommandContext, usable: readonly Usable[], seconds: number): Promise<Request[]> {
  const stop = new AbortController();
  return new Promise<Request[]>((resolve, reject) => {
    const finish = (settle: () => void): void => {
      clearTimeout(timer);
      stop.abort();
      settle();
    };
    const timer = setTimeout(() => { finish(() => { resolve([]); }); }, seconds * 1000);
    for (const state of usable) {
      void (async () => {
        for await (const event of deviceEvents(ctx.io, state.key, stop.signal)) {
          if (event.type === 'approval') {
            finish(() => { resolve([{ state, approval: event.approval }]); });
            return;
          }
          if (event.type === 'close' && event.reason === 'revoked') throw revoked(state);
        }
      })().catch((error: unknown) => {
        if (!stop.signal.aborted) finish(() => { reject(error instanceof Error ? error : new Error(String(error))); });
      });
    }
  });
}

async function pendingNow(ctx: CommandContext, usable: readonly Usable[]): Promise<Request[]> {
  const requests: Request[] = [];
  for (const state of usable) {
    for (const approval of await listPendingApprovals(ctx.io, state.key)) requests.push({ state, approval });
  }
  return requests;
}

async function runOnce(ctx: CommandContext, options: ApproveOptions, usable: Usable[]): Promise<{ records: AnswerRecord[]; error: unknown }> {
  let requests = await pendingNow(ctx, usable);
  if (requests.length === 0 && (options.wait ?? 0) > 0) requests = await firstFromStreams(ctx, usable, options.wait ?? 0);
  if (requests.length === 0 && options.json !== true) ctx.io.stderr.write('No sign-in is waiting for approval.\n');
  const records: AnswerRecord[] = [];
  let error: unknown;
  for (const request of requests) {
    const answered = await answerRequest(ctx, request, options, options.json === true);
    records.push(answered.record);
    error ??= answered.error;
  }
  return { records, error };
}

async function listenOnce(ctx: CommandContext, options: ApproveOptions, state: Usable, queue: { chain: Promise<void> }, seen: Set<string>): Promise<void> {
  for await (const event of deviceEvents(ctx.io, state.key, new AbortController().signal)) {
    if (event.type === 'close' && event.reason === 'revoked') throw revoked(state);
    if (event.type !== 'approval' || seen.has(event.approval.id)) continue;
    seen.add(event.approval.id);
    const request: Request = { state, approval: event.approval };
    queue.chain = queue.chain.then(async () => {
      const { record } = await answerRequest(ctx, request, options, options.json === true);
      if (options.json === true) ctx.io.stdout.write(`${JSON.stringify(record)}\n`);
    });
  }
}

const TRANSIENT = new Set(['ERR_SERVER_UNREACHABLE', 'ERR_SERVER_FAILED', 'ERR_SERVER_THROTTLED']);

/**
 * Listens for one account until it can no longer be served (revoked, refused): the server ends
 * each stream when its token expires, so it reconnects with a new one; network trouble and
 * server failures are retried with a growing pause instead of ending the command.
 */
async function listen(ctx: CommandContext, options: ApproveOptions, state: Usable, queue: { chain: Promise<void> }, seen: Set<string>): Promise<CliError> {
  let pause = 1000;
  for (;;) {
    try {
      await listenOnce(ctx, options, state, queue, seen);
      pause = 1000;
    } catch (error) {
      if (!isCliError(error)) throw error;
      if (!TRANSIENT.has(error.code)) {
        ctx.io.stderr.write(`${ctx.style.red('✗')} ${state.account.work.username}: ${error.message} [${error.code}]\n`);
        return error;
      }
      ctx.io.stderr.write(`${ctx.style.yellow('⚠')} ${state.account.work.username}: ${error.message} Trying again in ${Math.round(pause / 1000)} s.\n`);
      pause = Math.min(pause * 2, 60_000);
    }
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}

/**
 * Runs `tessera approve`.
 *
 * @example
 * ```ts
 * await runApprove(ctx, { once: true, number: '42' });
 * ```
 */
export async function runApprove(ctx: CommandContext, options: ApproveOptions): Promise<void> {
  const { usable, needSignIn } = await selected(ctx, options);
  if (options.once === true) {
    const { records, error } = await runOnce(ctx, options, usable);
    if (options.json === true) printJson(ctx, { answered: records, needsSignIn: needSignIn.map((s) => ({ account: s.account.work.username, reason: s.reason })) });
    if (error instanceof Error) throw error;
    return;
  }
  ctx.io.stderr.write(`Waiting for sign-in requests for ${usable.map((s) => s.account.work.username).join(', ')} (Ctrl-C to stop).\n`);
  const queue = { chain: Promise.resolve() };
  const seen = new Set<string>();
  // Each account is served until it cannot be; the command ends when none is left.
  const [first] = await Promise.all(usable.map((state) => listen(ctx, options, state, queue, seen)));
  await queue.chain;
  if (first !== undefined) throw first;
}
