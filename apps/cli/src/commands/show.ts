/**
 * `tessera show QUERY`: everything about one account; with `--uri` or `--qr` also its secret, as
 * an otpauth URI or a QR code drawn in the terminal, to move the account to a phone.
 *
 * @module
 */
import { Command } from 'commander';
import { formatOtpauthUri, orderedAccounts, resolveAccount } from '@tessera/core';
import { printJson, println, type CommandContext } from '../context.js';
import { CliError } from '../errors.js';
import { accountName, table } from '../terminal/format.js';
import { describeAccount } from './list.js';

interface ShowOptions {
  readonly json?: boolean;
  readonly uri?: boolean;
  readonly qr?: boolean;
  readonly invert?: boolean;
}

function cellText(value: unknown): string {
  if (Array.isArray(value)) return value.map(cellText).join(', ');
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

async function runShow(ctx: CommandContext, query: string, options: ShowOptions): Promise<void> {
  const vault = await ctx.vault.read();
  if (vault === undefined) throw new CliError('ERR_VAULT_NOT_FOUND', `No vault in ${ctx.vault.dir} yet. Add an account first.`);
  const account = resolveAccount(vault, query);
  const index = orderedAccounts(vault).findIndex((a) => a.id === account.id);
  const otp = account.kind === 'otp' ? account.otp : account.work.otp;
  const revealing = options.uri === true || options.qr === true;
  if (revealing && otp === undefined) throw new CliError('ERR_USAGE', `${accountName(account)} has no secret to show.`);
  // Built only when asked for. An embedded data: image is left out: it can be larger than a URI or
  // QR code can carry, and the other device does not need it to generate codes.
  const image = account.icon?.image?.startsWith('https:') === true ? { image: account.icon.image } : {};
  const icon = { ...image, ...(account.icon?.color === undefined ? {} : { color: account.icon.color }) };
  const uri = !revealing || otp === undefined ? undefined : formatOtpauthUri({ issuer: account.issuer, label: account.label, otp, ...(Object.keys(icon).length > 0 ? { icon } : {}) });
  const details = describeAccount(vault, account, index);
  if (options.json === true) {
    printJson(ctx, { ...details, ...(options.uri === true && uri !== undefined ? { uri } : {}) });
    return;
  }
  const rows = Object.entries(details).map(([key, value]) => [key, cellText(value)]);
  for (const line of table(rows)) println(ctx, line);
  if (revealing && uri !== undefined) {
    ctx.io.stderr.write(ctx.style.yellow('Anyone who sees the following can generate codes for this account.\n'));
    if (options.uri === true) println(ctx, uri);
    // The QR encoder is loaded only when asked for, to keep every other command's start-up fast.
    const { renderQr } = await import('../qr/render-terminal.js');
    if (options.qr === true) ctx.io.stdout.write(renderQr(uri, { color: ctx.style.enabled, ...(options.invert === true ? { invert: true } : {}) }));
  }
}

/** Builds the `show` command. */
export function showCommand(context: () => Promise<CommandContext>): Command {
  return new Command('show')
    .summary('show one account; --qr/--uri reveal its secret to move it to another device')
    .argument('<query>', 'issuer, label, "Issuer:label", #position or id prefix')
    .option('--qr', 'draw the account as a QR code in the terminal (reveals the secret)')
    .option('--invert', 'swap QR colours (for light terminals when colour is off)')
    .option('--uri', 'print the otpauth:// URI (reveals the secret)')
    .option('--json', 'machine-readable output (the secret only with --uri)')
    .addHelpText('after', '\nExamples:\n  tessera show github\n  tessera show github --qr')
    .action(async (query: string, options: ShowOptions) => {
      await runShow(await context(), query, options);
    });
}
