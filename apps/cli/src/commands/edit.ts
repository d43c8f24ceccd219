/**
 * The commands that change one account's place or name: `rename`, `remove` (asks first) and
 * `move` (reorder). Each resolves the account and applies the change under the vault lock, so a
 * concurrent change is never lost.
 *
 * @module
 */
import { Command } from 'commander';
import { moveAccount, orderedAccounts, removeAccount, renameAccount, resolveAccount, updateAccount } from '@tessera/core';
import { println, type CommandContext } from '../context.js';
import { CliError } from '../errors.js';
import { confirm } from '../terminal/prompt.js';
import { accountName } from '../terminal/format.js';

type Ctx = () => Promise<CommandContext>;

const clock = (ctx: CommandContext) => ({ now: ctx.io.now(), random: ctx.io.random });

/** Builds the `rename` command (also edits note and favourite). */
export function renameCommand(context: Ctx): Command {
  return new Command('rename')
    .summary("change an account's issuer, label, note or favourite flag")
    .argument('<query>', 'issuer, label, "Issuer:label", #position or id prefix')
    .option('--issuer <name>', 'new issuer')
    .option('--label <account>', 'new account name')
    .option('--note <text>', 'new note ("" clears it)')
    .option('--favourite', 'mark as favourite')
    .option('--no-favourite', 'unmark as favourite')
    .addHelpText('after', '\nExamples:\n  tessera rename github --label alice@work.example\n  tessera rename "#3" --issuer "Example Corp" --favourite')
    .action(async (query: string, options: { issuer?: string; label?: string; note?: string; favourite?: boolean }) => {
      const ctx = await context();
      if (options.issuer === undefined && options.label === undefined && options.note === undefined && options.favourite === undefined) {
        throw new CliError('ERR_USAGE', 'Nothing to change: give --issuer, --label, --note or --favourite.');
      }
      const renamed = await ctx.vault.update((vault) => {
        const account = resolveAccount(vault, query);
        let next = vault;
        if (options.issuer !== undefined || options.label !== undefined) {
          next = renameAccount(next, account.id, { ...(options.issuer === undefined ? {} : { issuer: options.issuer }), ...(options.label === undefined ? {} : { label: options.label }) }, clock(ctx));
        }
        if (options.note !== undefined || options.favourite !== undefined) {
          next = updateAccount(next, account.id, { ...(options.note === undefined ? {} : { note: options.note }), ...(options.favourite === undefined ? {} : { favourite: options.favourite }) }, clock(ctx));
        }
        const after = next.accounts.find((a) => a.id === account.id) ?? account;
        return { vault: next, result: { before: account, after } };
      });
      println(ctx, `${ctx.style.green('✓')} ${accountName(renamed.before)} → ${accountName(renamed.after)}`);
    });
}

/** Builds the `remove` command. */
export function removeCommand(context: Ctx): Command {
  return new Command('remove')
    .alias('rm')
    .summary('delete an account (asks first)')
    .argument('<query>', 'issuer, label, "Issuer:label", #position or id prefix')
    .option('-y, --yes', 'do not ask for confirmation')
    .addHelpText('after', '\nExamples:\n  tessera remove github\n  tessera remove "#4" --yes')
    .action(async (query: string, options: { yes?: boolean }) => {
      const ctx = await context();
      const vault = await ctx.vault.read();
      if (vault === undefined) throw new CliError('ERR_VAULT_NOT_FOUND', `No vault in ${ctx.vault.dir} yet.`);
      const target = resolveAccount(vault, query);
      if (options.yes !== true) {
        const ok = await confirm(ctx.io, `Remove ${accountName(target)}? Its codes cannot be recovered unless you have a backup.`);
        if (!ok) throw new CliError('ERR_ABORTED', 'Nothing was removed.');
      }
      await ctx.vault.update((current) => ({ vault: removeAccount(current, target.id, clock(ctx)), result: undefined }));
      println(ctx, `${ctx.style.green('✓')} Removed ${accountName(target)}`);
    });
}

function targetIndex(where: string, count: number): number {
  if (where === 'top' || where === 'first') return 0;
  if (where === 'bottom' || where === 'last') return count - 1;
  if (!/^\d+$/.test(where) || Number(where) < 1) throw new CliError('ERR_USAGE', 'POSITION must be a number from 1, "top" or "bottom".');
  return Math.min(Number(where), count) - 1;
}

/** Builds the `move` command. */
export function moveCommand(context: Ctx): Command {
  return new Command('move')
    .alias('mv')
    .summary('move an account to another position in the list')
    .argument('<query>', 'issuer, label, "Issuer:label", #position or id prefix')
    .argument('<position>', 'new 1-based position, "top" or "bottom"')
    .addHelpText('after', '\nExamples:\n  tessera move github 1\n  tessera move "#7" top')
    .action(async (query: string, where: string) => {
      const ctx = await context();
      const moved = await ctx.vault.update((vault) => {
        const account = resolveAccount(vault, query);
        const index = targetIndex(where, vault.accounts.length);
        const next = moveAccount(vault, account.id, index, clock(ctx));
        return { vault: next, result: { account, position: orderedAccounts(next).findIndex((a) => a.id === account.id) + 1 } };
      });
      println(ctx, `${ctx.style.green('✓')} ${accountName(moved.account)} is now at position ${String(moved.position)}`);
    });
}
