/**
 * `tessera list`: the accounts in their order, without secrets or codes.
 *
 * @module
 */
import { Command } from 'commander';
import { orderedAccounts, resolveGroup, type Account, type Vault } from '@tessera/core';
import { printJson, println, type CommandContext } from '../context.js';
import { table } from '../terminal/format.js';

/** The non-secret description of an account used by `list --json` and `show --json`. */
export function describeAccount(vault: Vault, account: Account, index: number): Record<string, unknown> {
  const groupNames = account.groups.map((id) => vault.groups.find((group) => group.id === id)?.name ?? id);
  const otp = account.kind === 'otp' ? account.otp : account.work.otp;
  return {
    position: index + 1,
    id: account.id,
    kind: account.kind,
    issuer: account.issuer,
    label: account.label,
    ...(otp === undefined
      ? {}
      : {
          type: otp.type,
          ...(otp.type === 'steam' ? { period: otp.period } : { algorithm: otp.algorithm, digits: otp.digits }),
          ...(otp.type === 'totp' ? { period: otp.period } : {}),
          ...(otp.type === 'hotp' ? { counter: otp.counter } : {}),
        }),
    groups: groupNames,
    favourite: account.favourite,
    note: account.note,
    ...(account.icon ? { icon: account.icon } : {}),
    createdAt: new Date(account.createdAt).toISOString(),
    updatedAt: new Date(account.updatedAt).toISOString(),
  };
}

/** Accounts in order, optionally only those of one group, with their 1-based positions. */
export function selectAccounts(vault: Vault, group: string | undefined): { account: Account; index: number }[] {
  const all = orderedAccounts(vault).map((account, index) => ({ account, index }));
  if (group === undefined) return all;
  const groupId = resolveGroup(vault, group).id;
  return all.filter(({ account }) => account.groups.includes(groupId));
}

async function runList(ctx: CommandContext, options: { json?: boolean; group?: string }): Promise<void> {
  const vault = await ctx.vault.read();
  const selected = vault === undefined ? [] : selectAccounts(vault, options.group);
  if (options.json === true) {
    printJson(ctx, { accounts: vault === undefined ? [] : selected.map(({ account, index }) => describeAccount(vault, account, index)) });
    return;
  }
  if (vault === undefined || selected.length === 0) {
    println(ctx, ctx.style.dim('No accounts yet. Add one with `tessera add` (see `tessera add --help`).'));
    return;
  }
  const rows = selected.map(({ account, index }) => {
    const type = account.kind === 'otp' ? account.otp.type : 'work';
    const groups = account.groups.map((id) => vault.groups.find((g) => g.id === id)?.name ?? id).join(', ');
    return [String(index + 1), `${account.favourite ? '★ ' : ''}${account.issuer}`, account.label, type, groups];
  });
  for (const line of table([['#', 'Issuer', 'Account', 'Type', 'Groups'], ...rows])) println(ctx, line);
}

/** Builds the `list` command. */
export function listCommand(context: () => Promise<CommandContext>): Command {
  return new Command('list')
    .alias('ls')
    .summary('list accounts in order (no secrets)')
    .option('--group <name>', 'only accounts in this group')
    .option('--json', 'machine-readable output')
    .addHelpText('after', '\nExamples:\n  tessera list\n  tessera list --group work --json')
    .action(async (options: { json?: boolean; group?: string }) => {
      await runList(await context(), options);
    });
}
