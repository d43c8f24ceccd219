/**
 * `tessera group …`: named groups of accounts (list, add, rename, remove, assign, unassign).
 * Removing a group never removes its accounts.
 *
 * @module
 */
import { Command } from 'commander';
import { addGroup, removeGroup, renameGroup, resolveAccount, resolveGroup, setAccountGroups } from '@tessera/core';
import { printJson, println, type CommandContext } from '../context.js';
import { accountName, table } from '../terminal/format.js';

type Ctx = () => Promise<CommandContext>;
const clock = (ctx: CommandContext) => ({ now: ctx.io.now(), random: ctx.io.random });
const ok = (ctx: CommandContext, text: string): void => {
  println(ctx, `${ctx.style.green('✓')} ${text}`);
};

function list(context: Ctx): Command {
  return new Command('list')
    .summary('list groups and how many accounts each holds')
    .option('--json', 'machine-readable output')
    .action(async (options: { json?: boolean }) => {
      const ctx = await context();
      const vault = await ctx.vault.read();
      const groups = (vault?.groups ?? []).map((group) => ({
        id: group.id,
        name: group.name,
        accounts: (vault?.accounts ?? []).filter((a) => a.groups.includes(group.id)).length,
      }));
      if (options.json === true) {
        printJson(ctx, { groups });
        return;
      }
      if (groups.length === 0) {
        println(ctx, ctx.style.dim('No groups yet. Create one with `tessera group add NAME`.'));
        return;
      }
      for (const line of table([['Group', 'Accounts'], ...groups.map((g) => [g.name, String(g.accounts)])])) println(ctx, line);
    });
}

function add(context: Ctx): Command {
  return new Command('add').argument('<name>').summary('create a group').action(async (name: string) => {
    const ctx = await context();
    const group = await ctx.vault.update((vault) => {
      const added = addGroup(vault, name, clock(ctx));
      return { vault: added.vault, result: added.group };
    }, { create: true });
    ok(ctx, `Created group ${group.name}`);
  });
}

function rename(context: Ctx): Command {
  return new Command('rename').argument('<group>').argument('<new-name>').summary('rename a group').action(async (name: string, newName: string) => {
    const ctx = await context();
    await ctx.vault.update((vault) => ({ vault: renameGroup(vault, resolveGroup(vault, name).id, newName, clock(ctx)), result: undefined }));
    ok(ctx, `Renamed group ${name} to ${newName}`);
  });
}

function remove(context: Ctx): Command {
  return new Command('remove').alias('rm').argument('<group>').summary('delete a group (its accounts stay)').action(async (name: string) => {
    const ctx = await context();
    await ctx.vault.update((vault) => ({ vault: removeGroup(vault, resolveGroup(vault, name).id, clock(ctx)), result: undefined }));
    ok(ctx, `Removed group ${name}; its accounts are kept`);
  });
}

function membership(context: Ctx, name: 'assign' | 'unassign'): Command {
  return new Command(name)
    .argument('<query>', 'the account')
    .argument('<groups...>', 'group names')
    .summary(name === 'assign' ? 'put an account into groups' : 'take an account out of groups')
    .action(async (query: string, groupNames: string[]) => {
      const ctx = await context();
      const account = await ctx.vault.update((vault) => {
        const target = resolveAccount(vault, query);
        const ids = groupNames.map((g) => resolveGroup(vault, g).id);
        const next = name === 'assign' ? [...new Set([...target.groups, ...ids])] : target.groups.filter((id) => !ids.includes(id));
        return { vault: setAccountGroups(vault, target.id, next, clock(ctx)), result: target };
      });
      ok(ctx, `${accountName(account)}: ${name === 'assign' ? 'added to' : 'removed from'} ${groupNames.join(', ')}`);
    });
}

/** Builds the `group` command and its subcommands. */
export function groupCommand(context: Ctx): Command {
  return new Command('group')
    .summary('organise accounts into groups')
    .addCommand(list(context), { isDefault: true })
    .addCommand(add(context))
    .addCommand(rename(context))
    .addCommand(remove(context))
    .addCommand(membership(context, 'assign'))
    .addCommand(membership(context, 'unassign'))
    .addHelpText('after', '\nExamples:\n  tessera group add work\n  tessera group assign github work\n  tessera list --group work');
}
