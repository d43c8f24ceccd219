/**
 * `tessera admin guests …` and `tessera admin trust …`: people of other organisations on the
 * same server invited into yours, and whether your organisation accepts their home
 * organisation's MFA. A guest is a user of your tenant (their own email address, no password
 * here), so the usual per-user commands (`tap issue`, `methods`, `reset-mfa`, `sessions`) work
 * on guests too. Removing a guest deletes their account in your tenant and ends their sessions,
 * so it asks for confirmation.
 *
 * @module
 */
import { Command, Option } from 'commander';
import { println } from '../../context.js';
import { CliError } from '../../errors.js';
import { confirm } from '../../terminal/prompt.js';
import { getTrust, inviteGuest, listGuests, removeGuest, setTrust, type AdminGuest, type CrossTenantTrust } from '../admin-api.js';
import type { AdminClient } from '../client.js';
import { cell, formatTime } from '../format.js';
import { adminClient, done, output, tableLines, type Ctx } from './shared.js';

async function resolveGuest(client: AdminClient, ref: string): Promise<AdminGuest> {
  const wanted = ref.trim().toLowerCase();
  const guest = (await listGuests(client)).find((g) => g.id === ref || g.email.toLowerCase() === wanted);
  if (guest === undefined) throw new CliError('ERR_ADMIN_USER_NOT_FOUND', `No guest ${JSON.stringify(cell(ref))} in your tenant.`);
  return guest;
}

function guestRows(guests: readonly AdminGuest[]): string[][] {
  return [['EMAIL', 'NAME', 'HOME', 'STATUS', 'INVITED', 'ID'], ...guests.map((g) => [cell(g.email), cell(g.displayName), cell(g.homeDomain), cell(g.status), formatTime(g.createdAt), cell(g.id)])];
}

function invite(context: Ctx): Command {
  return new Command('invite')
    .summary('invite a person of another organisation on this server as a guest')
    .argument('<email>', 'their own work or school address')
    .option('--json', 'machine-readable output')
    .addHelpText('after', '\nThe guest is emailed a link to sign in with their own account.\n\nExamples:\n  tessera admin guests invite ada@partner.example\n  tessera admin tap issue ada@partner.example')
    .action(async (email: string, options: { json?: boolean }, command: Command) => {
      const ctx = await context();
      const guest = await inviteGuest(await adminClient(ctx, command), email);
      if (options.json === true) {
        output(ctx, true, guest, () => []);
        return;
      }
      done(ctx, `${cell(guest.email)} invited as a guest (home organisation: ${cell(guest.homeDomain)}); they were emailed a sign-in link.`);
      println(ctx, ctx.style.dim(`Unless you trust ${cell(guest.homeDomain)}'s MFA, give them a pass to register a method here: tessera admin tap issue ${cell(guest.email)}`));
    });
}

function list(context: Ctx): Command {
  return new Command('list')
    .summary('the guests of your tenant')
    .option('--json', 'machine-readable output')
    .action(async (options: { json?: boolean }, command: Command) => {
      const ctx = await context();
      const guests = await listGuests(await adminClient(ctx, command));
      output(ctx, options.json, { guests }, () => (guests.length === 0 ? ['No guests.'] : tableLines(guestRows(guests))));
    });
}

function remove(context: Ctx): Command {
  return new Command('remove')
    .summary('remove a guest: their account here, its methods and sessions')
    .argument('<guest>', 'email or id')
    .option('-y, --yes', 'do not ask for confirmation')
    .action(async (ref: string, options: { yes?: boolean }, command: Command) => {
      const ctx = await context();
      const client = await adminClient(ctx, command);
      const guest = await resolveGuest(client, ref);
      if (options.yes !== true) {
        const ok = await confirm(ctx.io, `Remove guest ${cell(guest.email)}, their sign-in methods here and all their sessions? Their own organisation's account is not touched.`);
        if (!ok) throw new CliError('ERR_ABORTED', 'Nothing was changed.');
      }
      await removeGuest(client, guest.id);
      done(ctx, `Guest ${cell(guest.email)} removed; their sessions here ended.`);
    });
}

function trustLines(trust: CrossTenantTrust): string[] {
  return tableLines([
    ['Home organisation:', cell(trust.homeDomain)],
    ['Trust its MFA:', trust.trustHomeMfa ? 'yes — its guests need no second factor of yours' : 'no — its guests use a second factor of yours'],
    ['Changed:', trust.updatedAt === null ? 'never' : formatTime(trust.updatedAt)],
  ]);
}

function trustShow(context: Ctx): Command {
  return new Command('show')
    .summary('whether your tenant trusts another organisation\'s MFA for its guests')
    .argument('<home-domain>', 'a domain of the guests\' home organisation')
    .option('--json', 'machine-readable output')
    .action(async (domain: string, options: { json?: boolean }, command: Command) => {
      const ctx = await context();
      const trust = await getTrust(await adminClient(ctx, command), domain);
      output(ctx, options.json, trust, () => trustLines(trust));
    });
}

function trustSet(context: Ctx): Command {
  return new Command('set')
    .summary('trust (or stop trusting) another organisation\'s MFA for its guests')
    .argument('<home-domain>', 'a domain of the guests\' home organisation')
    .addOption(new Option('--home-mfa <on|off>', 'accept the MFA done at the home organisation').choices(['on', 'off']).makeOptionMandatory())
    .addHelpText('after', '\nExamples:\n  tessera admin trust set partner.example --home-mfa on\n  tessera admin trust set partner.example --home-mfa off')
    .action(async (domain: string, options: { homeMfa: 'on' | 'off' }, command: Command) => {
      const ctx = await context();
      const trust = await setTrust(await adminClient(ctx, command), domain, options.homeMfa === 'on');
      done(ctx, trust.trustHomeMfa ? `Guests from ${cell(trust.homeDomain)} now sign in with their home MFA alone.` : `Guests from ${cell(trust.homeDomain)} now need a second factor of yours.`);
    });
}

/** `tessera admin guests` and `tessera admin trust`. */
export function guestCommands(context: Ctx): Command[] {
  return [
    new Command('guests').summary('guests from other organisations: invite, list, remove').addCommand(invite(context)).addCommand(list(context)).addCommand(remove(context)),
    new Command('trust').summary('cross-tenant trust of another organisation\'s MFA: show or set').addCommand(trustShow(context)).addCommand(trustSet(context)),
  ];
}
