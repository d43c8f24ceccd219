/**
 * `tessera admin tenant …` and `tessera admin policy …`: the caller's own tenant (its name and
 * email domains) and its policy. `policy set` reads the current policy, changes only the named
 * settings and writes the whole policy back, so an admin never has to restate the rest.
 *
 * @module
 */
import { Command } from 'commander';
import { CliError } from '../../errors.js';
import { getPolicy, getTenant, putPolicy, updateTenant, type Policy } from '../admin-api.js';
import { cell } from '../format.js';
import { applyAssignments, policyKeys } from '../values.js';
import { adminClient, done, output, tableLines, type Ctx } from './shared.js';

function policyLines(policy: Policy): string[] {
  const flat = policyKeys(policy).map((key) => [key, cell(key.split('.').reduce<unknown>((value, part) => (value as Record<string, unknown>)[part], policy))]);
  return tableLines(flat);
}

function tenantShow(context: Ctx): Command {
  return new Command('show')
    .summary('your tenant: name, domains and policy')
    .option('--json', 'machine-readable output')
    .action(async (options: { json?: boolean }, command: Command) => {
      const ctx = await context();
      const tenant = await getTenant(await adminClient(ctx, command));
      output(ctx, options.json, tenant, () => [
        ...tableLines([['Name:', cell(tenant.name)], ['Domains:', tenant.domains.map((domain) => cell(domain)).join(', ')], ['Id:', cell(tenant.id)]]),
        '',
        'Policy:',
        ...policyLines(tenant.policy).map((line) => `  ${line}`),
      ]);
    });
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function tenantSet(context: Ctx): Command {
  return new Command('set')
    .summary('rename the tenant or replace its email domains')
    .option('--name <name>', 'the tenant name people see')
    .option('--domain <domain>', 'an email domain of the tenant (repeat for each; replaces the list)', collect)
    .addHelpText('after', '\nExamples:\n  tessera admin tenant set --name "Example Ltd"\n  tessera admin tenant set --domain example.com --domain example.org')
    .action(async (options: { name?: string; domain?: string[] }, command: Command) => {
      if (options.name === undefined && options.domain === undefined) throw new CliError('ERR_USAGE', 'Say what to change: --name and/or --domain.');
      const ctx = await context();
      await updateTenant(await adminClient(ctx, command), {
        ...(options.name === undefined ? {} : { name: options.name }),
        ...(options.domain === undefined ? {} : { domains: options.domain }),
      });
      done(ctx, 'Tenant updated.');
    });
}

function policyShow(context: Ctx): Command {
  return new Command('show')
    .summary('the tenant policy (TAP limits, allowed methods, work secret backup)')
    .option('--json', 'machine-readable output')
    .action(async (options: { json?: boolean }, command: Command) => {
      const ctx = await context();
      const policy = await getPolicy(await adminClient(ctx, command));
      output(ctx, options.json, policy, () => policyLines(policy));
    });
}

function policySet(context: Ctx): Command {
  return new Command('set')
    .summary('change policy settings (KEY=VALUE …)')
    .argument('<settings...>', 'e.g. tap.maxLifetimeMinutes=240 methods.sms=false allowWorkSecretBackup=true')
    .addHelpText('after', '\nExamples:\n  tessera admin policy set tap.defaultLifetimeMinutes=30 tap.oneTimeDefault=true\n  tessera admin policy set methods.sms=false')
    .action(async (settings: string[], _options: unknown, command: Command) => {
      const ctx = await context();
      const client = await adminClient(ctx, command);
      const next = applyAssignments(await getPolicy(client), settings);
      await putPolicy(client, next);
      done(ctx, `Policy updated (${settings.length} ${settings.length === 1 ? 'setting' : 'settings'}).`);
    });
}

/** `tessera admin tenant`. */
export function tenantCommand(context: Ctx): Command {
  return new Command('tenant').summary('show or change your tenant').addCommand(tenantShow(context)).addCommand(tenantSet(context));
}

/** `tessera admin policy`. */
export function policyCommand(context: Ctx): Command {
  return new Command('policy').summary('show or change the tenant policy').addCommand(policyShow(context)).addCommand(policySet(context));
}
