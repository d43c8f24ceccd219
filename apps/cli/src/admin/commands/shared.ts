/**
 * What every `tessera admin …` subcommand shares: reaching the `--server`/`--token` options
 * declared once on `tessera admin`, opening the client, and printing tables or JSON.
 *
 * @module
 */
import type { Command } from 'commander';
import { printJson, println, type CommandContext } from '../../context.js';
import { table } from '../../terminal/format.js';
import { AdminClient } from '../client.js';
import { openConnection, type ConnectionFlags } from '../connection.js';

/** Builds the command context lazily, as `cli.ts` hands it to every command. */
export type Ctx = () => Promise<CommandContext>;

/** Opens the admin client for `command`, using the options of `tessera admin` above it. */
export async function adminClient(ctx: CommandContext, command: Command): Promise<AdminClient> {
  const flags = command.optsWithGlobals<ConnectionFlags>();
  return new AdminClient(await openConnection(ctx.io, flags));
}

/** Prints `value` as JSON when `json` is set, else the lines `render` returns. */
export function output(ctx: CommandContext, json: boolean | undefined, value: unknown, render: () => readonly string[]): void {
  if (json === true) {
    printJson(ctx, value);
    return;
  }
  for (const line of render()) println(ctx, line);
}

/** Aligned table lines. */
export function tableLines(rows: readonly (readonly string[])[]): string[] {
  return table(rows);
}

/** A success line (`✓ …`). */
export function done(ctx: CommandContext, message: string): void {
  println(ctx, `${ctx.style.green('✓')} ${message}`);
}
