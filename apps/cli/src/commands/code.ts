/**
 * `tessera code [QUERY]`: the current code of one account (or of every time-based account), with
 * the seconds it stays valid. For HOTP the counter increment is written durably *before* the code
 * is shown, so a crash can never show the same code twice.
 *
 * @module
 */
import { Command } from 'commander';
import { advanceHotpCounter, codeFor, orderedAccounts, resolveAccount, type Account, type OtpParameters } from '@tessera/core';
import { clipboardAvailable, clipboardUnavailable, copyToClipboard } from '../clipboard.js';
import { printJson, println, type CommandContext } from '../context.js';
import { CliError } from '../errors.js';
import { accountName, groupCode, table } from '../terminal/format.js';
import { parseTime } from '../terminal/time.js';

interface CodeOptions {
  readonly json?: boolean;
  readonly copy?: boolean;
  readonly at?: string;
}

interface ShownCode {
  readonly account: Account;
  readonly position: number;
  readonly code: string;
  readonly type: OtpParameters['type'];
  readonly secondsLeft?: number;
  readonly counter?: number;
}

function otpOf(account: Account): OtpParameters | undefined {
  return account.kind === 'otp' ? account.otp : account.work.otp;
}

function timeBasedCode(ctx: CommandContext, account: Account, position: number, at: number): ShownCode | undefined {
  const otp = otpOf(account);
  if (otp === undefined || otp.type === 'hotp') return undefined;
  const result = codeFor(otp, at, ctx.hmac);
  const secondsLeft = Math.max(1, Math.ceil(((result.validUntil ?? at) - at) / 1000));
  return { account, position, code: result.code, type: otp.type, secondsLeft };
}

async function hotpCode(ctx: CommandContext, account: Account, position: number): Promise<ShownCode> {
  const counter = await ctx.vault.update((vault) => {
    const advanced = advanceHotpCounter(vault, account.id, { now: ctx.io.now() });
    return { vault: advanced.vault, result: advanced.counter };
  });
  const otp = otpOf(account);
  if (otp?.type !== 'hotp') throw new TypeError('hotpCode called for a non-HOTP account');
  return { account, position, code: codeFor({ ...otp, counter }, ctx.io.now(), ctx.hmac).code, type: 'hotp', counter };
}

function toJson(shown: ShownCode): Record<string, unknown> {
  return {
    position: shown.position,
    id: shown.account.id,
    issuer: shown.account.issuer,
    label: shown.account.label,
    type: shown.type,
    code: shown.code,
    ...(shown.secondsLeft === undefined ? {} : { secondsLeft: shown.secondsLeft }),
    ...(shown.counter === undefined ? {} : { counter: shown.counter }),
  };
}

async function one(ctx: CommandContext, query: string, options: CodeOptions): Promise<void> {
  const vault = await ctx.vault.read();
  if (vault === undefined) throw new CliError('ERR_VAULT_NOT_FOUND', `No vault in ${ctx.vault.dir} yet. Add an account first.`);
  const account = resolveAccount(vault, query);
  const position = orderedAccounts(vault).findIndex((a) => a.id === account.id) + 1;
  const otp = otpOf(account);
  if (otp === undefined) throw new CliError('ERR_USAGE', `${accountName(account)} has no one-time code; use \`tessera approve\` for sign-in requests.`);
  if (otp.type === 'hotp' && options.at !== undefined) throw new CliError('ERR_USAGE', '--at applies to time-based accounts; HOTP codes follow the counter.');
  const at = options.at === undefined ? ctx.io.now() : parseTime(options.at);
  // Checked before a HOTP counter advances, so a machine without a clipboard wastes no code.
  if (options.copy === true && !clipboardAvailable(ctx.platform, ctx.io.env)) throw clipboardUnavailable();
  const shown = otp.type === 'hotp' ? await hotpCode(ctx, account, position) : timeBasedCode(ctx, account, position, at);
  if (shown === undefined) throw new TypeError('time-based code expected');
  if (options.copy === true) {
    await copy(ctx, shown, options);
    return;
  }
  print(ctx, shown, options);
}

function print(ctx: CommandContext, shown: ShownCode, options: CodeOptions): void {
  if (options.json === true) {
    printJson(ctx, toJson(shown));
    return;
  }
  const suffix = shown.secondsLeft === undefined ? ctx.style.dim(`counter ${String(shown.counter)}`) : ctx.style.dim(`${String(shown.secondsLeft)}s left`);
  println(ctx, `${ctx.style.bold(groupCode(shown.code))}  ${suffix}`);
}

async function copy(ctx: CommandContext, shown: ShownCode, options: CodeOptions): Promise<void> {
  try {
    await copyToClipboard(shown.code, ctx.platform, ctx.io.env);
  } catch (error) {
    // A HOTP code is spent once its counter is on disk: show it rather than lose it.
    if (shown.type === 'hotp') {
      ctx.io.stderr.write('Copying failed after the counter advanced; here is the code instead.\n');
      print(ctx, shown, options);
    }
    throw error;
  }
  const left = shown.secondsLeft === undefined ? '' : ` (${String(shown.secondsLeft)}s left)`;
  ctx.io.stderr.write(`Copied the code for ${accountName(shown.account)}${left}.\n`);
  if (options.json === true) printJson(ctx, { ...toJson(shown), code: undefined, copied: true });
}

async function all(ctx: CommandContext, options: CodeOptions): Promise<void> {
  if (options.copy === true) throw new CliError('ERR_USAGE', '--copy needs a QUERY naming one account.');
  const vault = await ctx.vault.read();
  const at = options.at === undefined ? ctx.io.now() : parseTime(options.at);
  const accounts = vault === undefined ? [] : orderedAccounts(vault);
  const shown = accounts.map((account, index) => timeBasedCode(ctx, account, index + 1, at));
  if (options.json === true) {
    printJson(ctx, { codes: shown.filter((s) => s !== undefined).map(toJson) });
    return;
  }
  if (accounts.length === 0) {
    println(ctx, ctx.style.dim('No accounts yet. Add one with `tessera add`.'));
    return;
  }
  const rows = accounts.map((account, index) => {
    const code = shown[index];
    const cell = code === undefined ? ctx.style.dim('(counter-based: tessera code #' + String(index + 1) + ')') : ctx.style.bold(groupCode(code.code));
    const left = code?.secondsLeft === undefined ? '' : ctx.style.dim(`${String(code.secondsLeft)}s`);
    return [String(index + 1), accountName(account), cell, left];
  });
  for (const line of table(rows)) println(ctx, line);
}

/** Builds the `code` command. */
export function codeCommand(context: () => Promise<CommandContext>): Command {
  return new Command('code')
    .summary('show the current code of an account (or of all time-based accounts)')
    .argument('[query]', 'issuer, label, "Issuer:label", #position or id prefix')
    .option('--copy', 'copy the code to the clipboard instead of printing it')
    .option('--at <time>', 'compute the code for another moment: Unix seconds, @seconds or ISO 8601 with zone')
    .option('--json', 'machine-readable output')
    .addHelpText(
      'after',
      `
Examples:
  tessera code github
  tessera code 'GitHub:alice@example.com' --copy
  tessera code '#2' --at 2030-01-01T00:00:00Z
  tessera code --json`,
    )
    .action(async (query: string | undefined, options: CodeOptions) => {
      const ctx = await context();
      await (query === undefined ? all(ctx, options) : one(ctx, query, options));
    });
}
