/**
 * `tessera admin users …`: list and search the tenant's users, add one, show one, change role,
 * status or name. New users get no password from the admin: they sign in the first time with a
 * Temporary Access Pass (`tessera admin tap issue`) and choose their own.
 *
 * @module
 */
import { Command, Option } from 'commander';
import { CliError } from '../../errors.js';
import { createUser, listUsers, updateUser, type AdminUser } from '../admin-api.js';
import type { AdminClient } from '../client.js';
import { cell, userLines, userRows } from '../format.js';
import { resolveUser } from '../users.js';
import { adminClient, done, output, tableLines, type Ctx } from './shared.js';

const ROLES = ['admin', 'helpdesk', 'user'];
const STATUSES = ['active', 'disabled'];

/** Every user matching `query`, following the server's pages. */
async function allUsers(client: AdminClient, query: string | undefined): Promise<AdminUser[]> {
  const users: AdminUser[] = [];
  let after: string | undefined;
  do {
    const page = await listUsers(client, { q: query, after });
    users.push(...page.items);
    after = page.next;
  } while (after !== undefined);
  return users;
}

function list(context: Ctx): Command {
  return new Command('list')
    .summary('users of your tenant')
    .option('--query <text>', 'only users whose email or name contains this')
    .option('--json', 'machine-readable output')
    .action(async (options: { query?: string; json?: boolean }, command: Command) => {
      const ctx = await context();
      const users = await allUsers(await adminClient(ctx, command), options.query);
      output(ctx, options.json, { users }, () => (users.length === 0 ? ['No users match.'] : tableLines(userRows(users))));
    });
}

function add(context: Ctx): Command {
  return new Command('add')
    .summary('add a user (they sign in first with a Temporary Access Pass)')
    .argument('<email>', 'the user\'s email; its domain must be one of the tenant\'s')
    .requiredOption('--name <name>', 'display name')
    .addOption(new Option('--role <role>', 'role').choices(ROLES).default('user'))
    .option('--json', 'machine-readable output')
    .addHelpText('after', '\nExamples:\n  tessera admin users add alice@example.com --name "Alice Liddell"\n  tessera admin tap issue alice@example.com')
    .action(async (email: string, options: { name: string; role: string; json?: boolean }, command: Command) => {
      const ctx = await context();
      const user = await createUser(await adminClient(ctx, command), { email, displayName: options.name, role: options.role });
      output(ctx, options.json, user, () => [`Added ${cell(user.email)} (${cell(user.role)}, id ${cell(user.id)}). Next: tessera admin tap issue ${cell(user.email)}`]);
    });
}

function show(context: Ctx): Command {
  return new Command('show')
    .summary('one user')
    .argument('<user>', 'email or id')
    .option('--json', 'machine-readable output')
    .action(async (ref: string, options: { json?: boolean }, command: Command) => {
      const ctx = await context();
      const user = await resolveUser(await adminClient(ctx, command), ref);
      output(ctx, options.json, user, () => tableLines(userLines(user)));
    });
}

function set(context: Ctx): Command {
  return new Command('set')
    .summary('change a user\'s role, status or name')
    .argument('<user>', 'email or id')
    .addOption(new Option('--role <role>', 'new role').choices(ROLES))
    .addOption(new Option('--status <status>', 'active, or disabled (cannot sign in)').choices(STATUSES))
    .option('--name <name>', 'new display name')
    .addHelpText('after', '\nExamples:\n  tessera admin users set bob@example.com --role helpdesk\n  tessera admin users set bob@example.com --status disabled')
    .action(async (ref: string, options: { role?: string; status?: string; name?: string }, command: Command) => {
      if (options.role === undefined && options.status === undefined && options.name === undefined) {
        throw new CliError('ERR_USAGE', 'Say what to change: --role, --status and/or --name.');
      }
      const ctx = await context();
      const client = await adminClient(ctx, command);
      const user = await resolveUser(client, ref);
      await updateUser(client, user.id, {
        ...(options.role === undefined ? {} : { role: options.role }),
        ...(options.status === undefined ? {} : { status: options.status }),
        ...(options.name === undefined ? {} : { displayName: options.name }),
      });
      done(ctx, `Updated ${cell(user.email)}.`);
    });
}

/** `tessera admin users`. */
export function usersCommand(context: Ctx): Command {
  return new Command('users')
    .summary('list, add, show and change users')
    .addCommand(list(context))
    .addCommand(add(context))
    .addCommand(show(context))
    .addCommand(set(context));
}
