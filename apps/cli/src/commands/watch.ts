/**
 * `tessera watch`: a live view of every time-based code with a countdown, redrawn each second
 * until Ctrl-C (or `q`). Without a terminal it prints a fresh block each time a code changes,
 * which suits logs; `--frames N` stops after N redraws.
 *
 * @module
 */
import { Command } from 'commander';
import { codeFor, type Account } from '@tessera/core';
import { println, type CommandContext } from '../context.js';
import { CliError } from '../errors.js';
import { selectAccounts } from './list.js';
import { accountName, groupCode, table } from '../terminal/format.js';

interface WatchOptions {
  readonly group?: string;
  readonly frames?: string;
}

function bar(secondsLeft: number, period: number, width = 10): string {
  const filled = Math.round((secondsLeft / period) * width);
  return '▮'.repeat(filled) + '▯'.repeat(width - filled);
}

/** Renders one frame of the view for time `at`. */
export function renderFrame(ctx: CommandContext, accounts: readonly { account: Account; index: number }[], at: number): string[] {
  const rows = accounts.flatMap(({ account, index }) => {
    const otp = account.kind === 'otp' ? account.otp : account.work.otp;
    if (otp === undefined || otp.type === 'hotp') return [];
    const result = codeFor(otp, at, ctx.hmac);
    const left = Math.max(1, Math.ceil(((result.validUntil ?? at) - at) / 1000));
    const color = left <= 5 ? ctx.style.red : (text: string) => text;
    return [[String(index + 1), accountName(account), ctx.style.bold(groupCode(result.code)), color(`${bar(left, otp.period)} ${String(left).padStart(2)}s`)]];
  });
  return rows.length === 0 ? [ctx.style.dim('No time-based accounts to watch.')] : table(rows);
}

function waitForStop(ctx: CommandContext, signal: AbortSignal, stop: () => void): void {
  const stdin = ctx.io.stdin;
  const setRawMode = stdin.setRawMode?.bind(stdin);
  process.once('SIGINT', stop);
  signal.addEventListener('abort', () => process.off('SIGINT', stop));
  if (stdin.isTTY === true && setRawMode !== undefined) {
    setRawMode(true);
    stdin.resume();
    const onKey = (data: Buffer): void => {
      const key = data.toString('utf8');
      if (key === 'q' || key === '\u0003' || key === '\u001b') stop();
    };
    stdin.on('data', onKey);
    signal.addEventListener('abort', () => {
      stdin.off('data', onKey);
      setRawMode(false);
      stdin.pause();
    });
  }
}

function positiveInteger(text: string): number {
  if (!/^[1-9]\d{0,8}$/.test(text)) throw new CliError('ERR_USAGE', '--frames must be a whole number from 1.');
  return Number(text);
}

/** Sleeps until the next whole second, or until stopped. The timer keeps the process alive on purpose. */
function nextSecond(ctx: CommandContext, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 1000 - (ctx.io.now() % 1000));
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}

async function runWatch(ctx: CommandContext, options: WatchOptions): Promise<void> {
  const vault = await ctx.vault.read();
  const accounts = vault === undefined ? [] : selectAccounts(vault, options.group);
  const maxFrames = options.frames === undefined ? Infinity : positiveInteger(options.frames);
  const live = ctx.io.stdout.isTTY;
  const controller = new AbortController();
  const stop = (): void => {
    controller.abort();
  };
  waitForStop(ctx, controller.signal, stop);
  let previous = '';
  let frames = 0;
  if (live) ctx.io.stdout.write('\u001b[?25l');
  try {
    while (!controller.signal.aborted && frames < maxFrames) {
      const lines = renderFrame(ctx, accounts, ctx.io.now());
      const text = lines.join('\n');
      if (live) {
        ctx.io.stdout.write(`\u001b[H\u001b[2J${text}\n\n${ctx.style.dim('q or Ctrl-C to quit')}\n`);
        frames++;
      } else if (text.replace(/\d+s|[▮▯]/g, '') !== previous) {
        // Logs get a block only when a code changes, not every second.
        println(ctx, `${text}\n`);
        previous = text.replace(/\d+s|[▮▯]/g, '');
        frames++;
      }
      if (frames >= maxFrames) break;
      await nextSecond(ctx, controller.signal);
    }
  } finally {
    if (live) ctx.io.stdout.write('\u001b[?25h');
    controller.abort();
  }
}

/** Builds the `watch` command. */
export function watchCommand(context: () => Promise<CommandContext>): Command {
  return new Command('watch')
    .summary('live view of all time-based codes, refreshed every second')
    .option('--group <name>', 'only accounts in this group')
    .option('--frames <n>', 'stop after n refreshes (for scripts)')
    .addHelpText('after', '\nExamples:\n  tessera watch\n  tessera watch --group work')
    .action(async (options: WatchOptions) => {
      await runWatch(await context(), options);
    });
}
