/**
 * `tessera work …`: work and school accounts from an organisation's tessera-server. `add` signs
 * in (in a browser: password and second factor, or a Temporary Access Pass) and registers this
 * device; `list` shows each account's state here; `restore` walks through every account that
 * needs sign-in after a restore or on a copied vault, and offers to remove the old device's
 * registration.
 *
 * @module
 */
import { Command } from 'commander';
import { printJson, println, type CommandContext } from '../context.js';
import { table } from '../terminal/format.js';
import { workAccountStates } from '../work/accounts.js';
import { addWork, type AddWorkOptions } from '../work/add.js';
import { restoreWork, type RestoredWork } from '../work/restore.js';

type Ctx = () => Promise<CommandContext>;

function addCommand(context: Ctx): Command {
  return new Command('add')
    .summary('sign in to a work account and register this device for sign-in approvals')
    .argument('<email-or-url>', 'your work email address (the server is https://<its domain>) or the server URL')
    .option('--server <url>', 'the organisation\'s server, when it is not https://<email domain>')
    .option('--device-name <name>', 'how this device is named at the server (default: tessera on <host name>)')
    .option('--issuer <name>', 'how the account is titled in the vault (default: the organisation\'s domain)')
    .option('--tenant <domain>', 'as a guest: a domain of the organisation you are a guest of (you sign in at your home organisation)')
    .option('--json', 'machine-readable output')
    .action(async (target: string, options: AddWorkOptions & { json?: boolean }) => {
      const ctx = await context();
      const added = await addWork(ctx, target, options);
      const { account } = added;
      if (options.json === true) {
        printJson(ctx, { id: account.id, position: account.position, username: account.work.username, serverUrl: account.work.serverUrl, registrationId: account.work.registrationId, status: added.registered });
        return;
      }
      const what = added.registered === 'added' ? 'Added the work account' : 'Registered this device again for';
      println(ctx, `${ctx.style.green('✓')} ${what} ${account.work.username} (${account.issuer}) at ${account.work.serverUrl}, as "${added.deviceName}".`);
      println(ctx, 'Approve sign-ins with `tessera approve`. The device key stays on this machine: it is never in a backup or an export.');
    });
}

function listCommand(context: Ctx): Command {
  return new Command('list')
    .summary('work accounts and whether this device is registered for each')
    .option('--json', 'machine-readable output')
    .action(async (options: { json?: boolean }) => {
      const ctx = await context();
      const { states } = await workAccountStates(ctx);
      const rows = states.map((s) => ({
        position: s.account.position, id: s.account.id, username: s.account.work.username, issuer: s.account.issuer, serverUrl: s.account.work.serverUrl,
        status: s.key === undefined ? 'needs-sign-in' : 'registered', ...(s.key === undefined ? {} : { registrationId: s.key.registrationId }), ...(s.reason === undefined ? {} : { reason: s.reason }),
      }));
      if (options.json === true) {
        printJson(ctx, { accounts: rows });
        return;
      }
      if (rows.length === 0) {
        println(ctx, ctx.style.dim('No work accounts. Add one with `tessera work add EMAIL`.'));
        return;
      }
      for (const line of table([['Account', 'Organisation', 'Server', 'This device'], ...rows.map((r) => [r.username, r.issuer, r.serverUrl, r.status === 'registered' ? '✓ registered' : `⚠ needs sign-in (${r.reason ?? ''})`])])) println(ctx, line);
      if (rows.some((r) => r.status !== 'registered')) println(ctx, 'Next: tessera work restore');
    });
}

function describeRestored(ctx: CommandContext, done: RestoredWork): void {
  println(ctx, `${ctx.style.green('✓')} ${done.account.work.username}: this device is registered (${done.registrationId}).`);
  for (const d of done.removed) println(ctx, `  removed the old registration "${d.name}"`);
  for (const d of done.kept) println(ctx, `  kept the registration "${d.name}"${done.removeFailed === undefined ? '' : ` (${done.removeFailed}: ask your IT to remove it)`}`);
  if (done.alreadyGone !== undefined) println(ctx, `  the old device's registration (${done.alreadyGone}) is already removed`);
}

function restoreCommand(context: Ctx): Command {
  return new Command('restore')
    .summary('sign in again to each work account that needs it and register this device')
    .option('--account <query>', 'only this work account')
    .option('--device-name <name>', 'how this device is named at the server')
    .option('--remove-old', 'remove the registration of the device the backup came from without asking')
    .option('--keep-old', 'keep the registration of the device the backup came from without asking')
    .option('--json', 'machine-readable output')
    .action(async (options: { account?: string; deviceName?: string; removeOld?: boolean; keepOld?: boolean; json?: boolean }) => {
      const ctx = await context();
      const removeOld = options.removeOld === true ? true : options.keepOld === true ? false : undefined;
      const done = await restoreWork(ctx, { ...options, ...(removeOld === undefined ? {} : { removeOld }) }, (one) => {
        if (options.json !== true) describeRestored(ctx, one);
      });
      if (options.json === true) {
        printJson(ctx, { restored: done.map((d) => ({ account: d.account.work.username, registrationId: d.registrationId, removed: d.removed.map((r) => r.id), kept: d.kept.map((r) => r.id), ...(d.removeFailed === undefined ? {} : { removeFailed: d.removeFailed }), ...(d.alreadyGone === undefined ? {} : { alreadyGone: d.alreadyGone }) })) });
      } else if (done.length === 0) {
        println(ctx, 'Every work account is registered on this device; nothing to do.');
      }
    });
}

/** Builds the `work` command. */
export function workCommand(context: Ctx): Command {
  const work = new Command('work')
    .summary('work and school accounts: add, list, restore after a new or lost phone')
    .addHelpText('after', `
Examples:
  tessera work add ada@example.org
  tessera work add https://id.example.org
  tessera work add ada@example.org --tenant partner.example   # a guest account
  tessera work list
  tessera work restore --remove-old

See docs/runbooks/.`);
  for (const sub of [addCommand(context), listCommand(context), restoreCommand(context)]) work.addCommand(sub);
  return work;
}
