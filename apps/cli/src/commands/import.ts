/**
 * `tessera import FILE…`: brings accounts in from other authenticators' exports (format detected
 * or given), QR screenshots (a Google Authenticator export's codes in any order) and Tessera's
 * own encrypted export. Every file is parsed before the vault is touched, so a bad file or a
 * wrong password changes nothing; then each entry is imported, skipped as a duplicate or failed
 * with a reason, and nothing goes unreported.
 *
 * @module
 */
import { Command, Option } from 'commander';
import { createVault, IMPORT_FORMATS, type ImportFormat } from '@tessera/core';
import { printJson, type CommandContext } from '../context.js';
import { applySources, parseSources, type ImportRequest } from '../import-export/import-run.js';
import { importJson, printImportText } from '../import-export/import-output.js';

interface ImportOptions {
  readonly format?: ImportFormat;
  readonly password?: string;
  readonly dryRun?: boolean;
  readonly keepBoth?: boolean;
  readonly json?: boolean;
}

async function runImport(ctx: CommandContext, files: readonly string[], options: ImportOptions): Promise<void> {
  if (options.password !== undefined && ctx.io.stderr.isTTY) {
    ctx.io.stderr.write(ctx.style.yellow('Note: a password on the command line can end up in your shell history; omit --password to be asked for it.\n'));
  }
  const request: ImportRequest = {
    files,
    keepBoth: options.keepBoth === true,
    ...(options.format === undefined ? {} : { format: options.format }),
    ...(options.password === undefined ? {} : { password: options.password }),
  };
  const sources = await parseSources(ctx.io, request);
  const clock = { now: ctx.io.now(), random: ctx.io.random };
  const dryRun = options.dryRun === true;
  const reports = dryRun
    ? applySources((await ctx.vault.read()) ?? createVault(clock), sources, request.keepBoth, clock).reports
    : await ctx.vault.update((vault) => {
        const applied = applySources(vault, sources, request.keepBoth, clock);
        return { vault: applied.vault, result: applied.reports };
      }, { create: true });
  if (options.json === true) printJson(ctx, importJson(reports, dryRun));
  else printImportText(ctx, reports, dryRun);
}

/** Builds the `import` command. */
export function importCommand(context: () => Promise<CommandContext>): Command {
  return new Command('import')
    .summary('import accounts from other authenticators, QR screenshots or a Tessera export')
    .argument('<file...>', 'export files, PNG/JPEG QR screenshots, or a Tessera export (.age)')
    .addOption(new Option('--format <format>', 'the files\' format (detected when omitted)').choices([...IMPORT_FORMATS]))
    .option('--password <password>', 'password of encrypted exports (else $TESSERA_IMPORT_PASSWORD, else asked, hidden)')
    .option('--dry-run', 'show what would happen to every entry, change nothing')
    .option('--keep-both', 'import accounts even when the vault already holds them')
    .option('--json', 'print the report as JSON')
    .addHelpText(
      'after',
      `
Examples:
  tessera import aegis-export.json --dry-run
  tessera import google-1.png google-2.png google-3.png   # one Google Authenticator export, any order
  tessera import 2fas-backup.2fas                         # asks for the password
  tessera import tessera-backup.age`,
    )
    .action(async (files: string[], options: ImportOptions) => {
      await runImport(await context(), files, options);
    });
}
