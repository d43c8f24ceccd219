/**
 * `tessera app-lock enable|disable|change`: protects the device key (and so the vault) with a
 * passphrase of the person's own, on top of the keychain or key file. Passphrases are asked for
 * hidden, checked for strength, and never printed or logged.
 *
 * @module
 */
import { Command } from 'commander';
import { println, type CommandContext } from '../context.js';
import { CliError } from '../errors.js';
import { openFileStore, passphraseAsker } from '../vault-access.js';
import { askHidden } from '../terminal/prompt.js';

type Ctx = () => Promise<CommandContext>;

async function newPassphrase(ctx: CommandContext): Promise<string> {
  const fromEnv = ctx.io.env['TESSERA_NEW_PASSPHRASE'];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (ctx.io.stdin.isTTY !== true) throw new CliError('ERR_PASSPHRASE_REQUIRED', 'Run on a terminal to choose a passphrase, or set TESSERA_NEW_PASSPHRASE.');
  const first = await askHidden(ctx.io, 'New app-lock passphrase: ');
  const second = await askHidden(ctx.io, 'Repeat it: ');
  if (first !== second) throw new CliError('ERR_USAGE', 'The two passphrases differ; nothing was changed.');
  return first;
}

function storeFor(ctx: CommandContext) {
  return openFileStore(ctx.io, ctx.vault.dir);
}

/** Builds the `app-lock` command. */
export function appLockCommand(context: Ctx): Command {
  const enable = new Command('enable').summary('require a passphrase to open the vault').action(async () => {
    const ctx = await context();
    await storeFor(ctx).setAppLock(await newPassphrase(ctx));
    println(ctx, `${ctx.style.green('✓')} App lock is on. Forgetting the passphrase means restoring from a backup.`);
  });
  const disable = new Command('disable').summary('stop asking for a passphrase').action(async () => {
    const ctx = await context();
    await storeFor(ctx).removeAppLock(await passphraseAsker(ctx.io, 'Current app-lock passphrase: ')());
    println(ctx, `${ctx.style.green('✓')} App lock is off.`);
  });
  const change = new Command('change').summary('change the app-lock passphrase').action(async () => {
    const ctx = await context();
    const old = await passphraseAsker(ctx.io, 'Current app-lock passphrase: ')();
    await storeFor(ctx).changeAppLock(old, await newPassphrase(ctx));
    println(ctx, `${ctx.style.green('✓')} App-lock passphrase changed.`);
  });
  return new Command('app-lock')
    .summary('protect the vault with a passphrase of your own')
    .addCommand(enable)
    .addCommand(disable)
    .addCommand(change)
    .addHelpText(
      'after',
      `
Examples:
  tessera app-lock enable        # asks for the new passphrase twice
  TESSERA_PASSPHRASE=… tessera code github   # scripts; prefer the prompt`,
    );
}
