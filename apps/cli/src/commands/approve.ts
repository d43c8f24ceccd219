/**
 * `tessera approve`: answers sign-in requests of every work account registered on this device,
 * with number matching (the number is read off the sign-in screen and typed here).
 *
 * @module
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import type { CommandContext } from '../context.js';
import { runApprove, type ApproveOptions } from '../work/approve.js';

function twoDigits(value: string): string {
  if (!/^\d{2}$/.test(value)) throw new InvalidArgumentError('the number on the sign-in screen has two digits');
  return value;
}

function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 600) throw new InvalidArgumentError('0 to 600 seconds');
  return n;
}

/** Builds the `approve` command. */
export function approveCommand(context: () => Promise<CommandContext>): Command {
  return new Command('approve')
    .summary('approve, deny or report sign-ins to your work accounts (number matching)')
    .option('--once', 'answer the requests waiting now, then exit')
    .option('--wait <seconds>', 'with --once: wait this long for a request when none is waiting', seconds)
    .addOption(new Option('--number <NN>', 'approve with this number from the sign-in screen, without asking').argParser(twoDigits).conflicts(['deny', 'report']))
    .addOption(new Option('--deny', 'deny the request(s)').conflicts(['report']))
    .option('--report', 'deny and report "this wasn\'t me" (pauses requests until your IT looks)')
    .option('--account <query>', 'only this work account')
    .option('--json', 'machine-readable output')
    .addHelpText('after', `
Examples:
  tessera approve                       # listen and ask for the number of each request
  tessera approve --once --number 42    # answer the waiting request with 42
  tessera approve --once --report       # "this wasn't me"`)
    .action(async (options: ApproveOptions) => {
      await runApprove(await context(), options);
    });
}
