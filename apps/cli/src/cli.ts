/**
 * The `tessera` command line: global options, the command table and the single place where
 * errors become messages and exit codes. `runCli` takes its I/O as a parameter, so tests run the
 * real CLI in-process; `main.ts` only wires it to the process.
 *
 * @module
 */
import { Command, CommanderError } from 'commander';
import { isCoreError } from '@tessera/core';
import type { CommandContext } from './context.js';
import { isCliError } from './errors.js';
import { exitCodeFor, ExitCode } from './exit-codes.js';
import type { CliIo } from './io.js';
import { colorEnabled, createStyle } from './terminal/style.js';
import { commandsFor } from './command-table.js';
import { openVaultAccess } from './vault-access.js';
import { nodeHmac } from './crypto/hmac.js';

/** The version printed by `tessera --version`. */
export const VERSION = '0.1.0';

interface GlobalOptions {
  readonly vaultDir?: string;
  readonly color: boolean;
}

/** Errors reach `runCli` instead of exiting, and output goes to `io`, at every depth of subcommand. */
function inheritOutput(command: Command, program: Command): void {
  command.exitOverride().configureOutput(program.configureOutput());
  for (const nested of command.commands) inheritOutput(nested, program);
}

async function buildProgram(io: CliIo, argv: readonly string[]): Promise<Command> {
  const program = new Command('tessera');
  let context: CommandContext | undefined;
  const makeContext = async (): Promise<CommandContext> => {
    if (context) return context;
    const options = program.opts<GlobalOptions>();
    const style = createStyle(colorEnabled({ isTTY: io.stdout.isTTY, env: io.env, noColorFlag: !options.color }));
    const vault = await openVaultAccess(io, options.vaultDir);
    context = { io, style, vault, hmac: nodeHmac, platform: process.platform };
    return context;
  };
  program
    .description('Tessera: two-factor codes (TOTP, HOTP, Steam) from an encrypted local vault.')
    .version(VERSION, '-V, --version')
    .option('--vault-dir <dir>', 'where the vault lives (default: $TESSERA_VAULT_DIR, else $XDG_DATA_HOME/tessera)')
    .option('--no-color', 'plain output (also honours NO_COLOR)')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (text) => {
        io.stdout.write(text);
      },
      writeErr: (text) => {
        io.stderr.write(text);
      },
    })
    .exitOverride()
    .addHelpText(
      'after',
      `
Examples:
  tessera add 'otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub'
  tessera code github            # 123 456  17s left
  tessera watch                  # live view of every code
  tessera list --json

Exit codes are documented in docs/errors.md.`,
    );
  for (const command of await commandsFor(argv)) {
    const sub = command(makeContext);
    inheritOutput(sub, program);
    program.addCommand(sub);
  }
  return program;
}

function report(io: CliIo, error: unknown): number {
  if (error instanceof CommanderError) {
    // Commander has already printed its message (or the help/version text).
    return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  }
  if (isCoreError(error) || isCliError(error)) {
    io.stderr.write(`tessera: ${error.message} [${error.code}]\n`);
    return exitCodeFor(error);
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(`tessera: unexpected error: ${message}\n`);
  return ExitCode.failure;
}

/**
 * Runs the CLI with `argv` (without the node and script entries) and returns the exit code.
 * Never calls `process.exit`.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    await (await buildProgram(io, argv)).parseAsync([...argv], { from: 'user' });
    return ExitCode.ok;
  } catch (error) {
    return report(io, error);
  }
}
