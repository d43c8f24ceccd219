/**
 * What helpdesk and admins do for one user: issue or revoke a Temporary Access Pass, list or
 * remove sign-in methods, require re-registration (MFA reset), end all sessions, and lift a
 * sign-in lockout. The pass is printed exactly once, with its expiry; the server keeps only a hash.
 * MFA reset asks for confirmation because it cannot be undone.
 *
 * @module
 */
import { Command, Option } from 'commander';
import { println } from '../../context.js';
import { CliError } from '../../errors.js';
import { confirm } from '../../terminal/prompt.js';
import { issueTap, listMethods, removeMethod, resetMfa, revokeSessions, revokeTap, unlockUser } from '../admin-api.js';
import { cell, formatTime, methodRows } from '../format.js';
import { resolveUser } from '../users.js';
import { parseLifetime } from '../values.js';
import { adminClient, done, output, tableLines, type Ctx } from './shared.js';

function tapIssue(context: Ctx): Command {
  return new Command('issue')
    .summary('issue a Temporary Access Pass (shown once) so the user can register methods')
    .argument('<user>', 'email or id')
    .addOption(new Option('--lifetime <duration>', 'how long it is valid, e.g. 60m or 2h (default: the tenant policy)').argParser(parseLifetime))
    .option('--reusable', 'usable more than once until it expires (default: one use)')
    .option('--json', 'machine-readable output (includes the pass)')
    .addHelpText('after', '\nExamples:\n  tessera admin tap issue alice@example.com\n  tessera admin tap issue alice@example.com --lifetime 2h --reusable')
    .action(async (ref: string, options: { lifetime?: number; reusable?: boolean; json?: boolean }, command: Command) => {
      const ctx = await context();
      const client = await adminClient(ctx, command);
      const user = await resolveUser(client, ref);
      const tap = await issueTap(client, user.id, { ...(options.lifetime === undefined ? {} : { lifetimeMinutes: options.lifetime }), oneTime: options.reusable !== true });
      output(ctx, options.json, tap, () => [
        `Temporary Access Pass for ${cell(user.email)}:`,
        '',
        `  ${ctx.style.bold(cell(tap.pass))}`,
        '',
        `Valid until ${formatTime(tap.expiresAt)}, ${tap.oneTime ? 'for one sign-in' : 'for any number of sign-ins'}. It is shown only now;`,
        'give it to the user over a channel you trust. It can only be used to register sign-in methods.',
      ]);
    });
}

function tapRevoke(context: Ctx): Command {
  return new Command('revoke')
    .summary('revoke the user\'s live Temporary Access Pass')
    .argument('<user>', 'email or id')
    .action(async (ref: string, _options: unknown, command: Command) => {
      const ctx = await context();
      const client = await adminClient(ctx, command);
      const user = await resolveUser(client, ref);
      await revokeTap(client, user.id);
      done(ctx, `Temporary Access Pass of ${cell(user.email)} revoked.`);
    });
}

function methodsList(context: Ctx): Command {
  return new Command('list')
    .summary('a user\'s sign-in methods')
    .argument('<user>', 'email or id')
    .option('--json', 'machine-readable output')
    .action(async (ref: string, options: { json?: boolean }, command: Command) => {
      const ctx = await context();
      const client = await adminClient(ctx, command);
      const user = await resolveUser(client, ref);
      const methods = await listMethods(client, user.id);
      output(ctx, options.json, { methods }, () => (methods.length === 0 ? [`${cell(user.email)} has no sign-in methods.`] : tableLines(methodRows(methods))));
    });
}

function methodsRemove(context: Ctx): Command {
  return new Command('remove')
    .summary('remove one sign-in method of a user')
    .argument('<user>', 'email or id')
    .argument('<method-id>', 'from `tessera admin methods list USER`')
    .action(async (ref: string, methodId: string, _options: unknown, command: Command) => {
      const ctx = await context();
      const client = await adminClient(ctx, command);
      const user = await resolveUser(client, ref);
      await removeMethod(client, user.id, methodId);
      done(ctx, `Removed method ${cell(methodId)} of ${cell(user.email)}; the user was notified.`);
    });
}

function resetMfaCommand(context: Ctx): Command {
  return new Command('reset-mfa')
    .summary('require re-registration: delete all methods and end all sessions of a user')
    .argument('<user>', 'email or id')
    .requiredOption('--reason <text>', 'why (recorded in the audit log)')
    .option('--ticket <id>', 'your ticket or case id (recorded in the audit log)')
    .option('-y, --yes', 'do not ask for confirmation')
    .addHelpText('after', '\nNeeds a sign-in from the last 10 minutes (run `tessera admin login` first).\n\nExamples:\n  tessera admin reset-mfa bob@example.com --reason "lost phone" --ticket HD-1234\n  tessera admin tap issue bob@example.com')
    .action(async (ref: string, options: { reason: string; ticket?: string; yes?: boolean }, command: Command) => {
      const ctx = await context();
      const client = await adminClient(ctx, command);
      const user = await resolveUser(client, ref);
      if (options.yes !== true) {
        const ok = await confirm(ctx.io, `Delete every sign-in method of ${cell(user.email)} and end all their sessions? This cannot be undone.`);
        if (!ok) throw new CliError('ERR_ABORTED', 'Nothing was changed.');
      }
      const result = await resetMfa(client, user.id, { reason: options.reason, ...(options.ticket === undefined ? {} : { ticket: options.ticket }) });
      const removed = (result as { methodsRemoved?: unknown } | undefined)?.methodsRemoved;
      done(ctx, `MFA reset for ${cell(user.email)}: ${typeof removed === 'number' ? `${removed} ${removed === 1 ? 'method' : 'methods'}` : 'methods'} deleted, sessions ended, user notified.`);
      println(ctx, ctx.style.dim(`Next: tessera admin tap issue ${cell(user.email)}`));
    });
}

function sessionsRevoke(context: Ctx): Command {
  return new Command('revoke')
    .summary('end every session of a user (they must sign in again)')
    .argument('<user>', 'email or id')
    .action(async (ref: string, _options: unknown, command: Command) => {
      const ctx = await context();
      const client = await adminClient(ctx, command);
      const user = await resolveUser(client, ref);
      await revokeSessions(client, user.id);
      done(ctx, `All sessions of ${cell(user.email)} ended.`);
    });
}

function unlock(context: Ctx): Command {
  return new Command('unlock')
    .summary('lift the sign-in lockout after too many failed attempts')
    .argument('<user>', 'email or id')
    .action(async (ref: string, _options: unknown, command: Command) => {
      const ctx = await context();
      const client = await adminClient(ctx, command);
      const user = await resolveUser(client, ref);
      await unlockUser(client, user.id);
      done(ctx, `${cell(user.email)} can sign in again.`);
    });
}

/** The per-user commands: `tap`, `methods`, `reset-mfa`, `sessions`, `unlock`. */
export function userActionCommands(context: Ctx): Command[] {
  return [
    new Command('tap').summary('Temporary Access Pass: issue or revoke').addCommand(tapIssue(context)).addCommand(tapRevoke(context)),
    new Command('methods').summary('a user\'s sign-in methods: list or remove').addCommand(methodsList(context)).addCommand(methodsRemove(context)),
    resetMfaCommand(context),
    new Command('sessions').summary('end a user\'s sessions').addCommand(sessionsRevoke(context)),
    unlock(context),
  ];
}
