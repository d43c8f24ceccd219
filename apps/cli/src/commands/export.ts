/**
 * `tessera export`: writes the vault in a format other authenticators read (otpauth URIs, Google
 * Authenticator QR codes, Aegis plain or encrypted, a paper backup) or as Tessera's own
 * age-encrypted backup file. Exports hold secrets, so the command asks first (or needs --yes),
 * creates files with mode 0600 and never replaces one without --force. Every account the format
 * cannot hold is listed with the reason.
 *
 * @module
 */
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import type { ExportFormat, SkippedAccount, Vault } from '@tessera/core';
import type { CommandContext } from '../context.js';
import { CliError } from '../errors.js';
import { EXPORT_FORMATS, renderExport, type ExportContent } from '../import-export/export-formats.js';
import { writeExportFile } from '../import-export/output-file.js';
import { accountName } from '../terminal/format.js';
import { confirm } from '../terminal/prompt.js';

interface ExportOptions {
  readonly format: ExportFormat;
  readonly out?: string;
  readonly yes?: boolean;
  readonly force?: boolean;
}

const ENCRYPTED: ReadonlySet<ExportFormat> = new Set(['aegis-encrypted', 'tessera']);

async function confirmExport(ctx: CommandContext, vault: Vault, options: ExportOptions): Promise<void> {
  if (options.yes === true) return;
  const how = ENCRYPTED.has(options.format) ? 'encrypted to a passphrase' : 'IN THE CLEAR: anyone who gets the output can generate your codes';
  const ok = await confirm(ctx.io, `Export the secrets of ${String(vault.accounts.length)} account(s) as ${options.format}, ${how}?`);
  if (!ok) throw new CliError('ERR_ABORTED', 'Nothing was exported.');
}

function reportSkipped(ctx: CommandContext, skipped: readonly SkippedAccount[], format: ExportFormat): void {
  if (skipped.length === 0) return;
  ctx.io.stderr.write(ctx.style.yellow(`${String(skipped.length)} account(s) not exported (${format} cannot hold them):\n`));
  for (const { account, reason } of skipped) ctx.io.stderr.write(`  ${accountName(account)}: ${reason}\n`);
}

async function writeQrCodes(ctx: CommandContext, uris: readonly string[], options: ExportOptions): Promise<void> {
  // The QR encoder (CommonJS, slow to link) is loaded only here, keeping every other command's start-up fast.
  const [{ pngFileNames, qrPng }, { renderQr }] = await Promise.all([import('../import-export/google-qr.js'), import('../qr/render-terminal.js')]);
  if (options.out === undefined) {
    uris.forEach((uri, index) => {
      ctx.io.stdout.write(`QR code ${String(index + 1)} of ${String(uris.length)}:\n`);
      ctx.io.stdout.write(renderQr(uri, { color: ctx.style.enabled }));
    });
    return;
  }
  const names = pngFileNames(resolve(ctx.io.cwd, options.out), uris.length);
  for (const [index, uri] of uris.entries()) {
    await writeExportFile(names[index] ?? '', await qrPng(uri), { force: options.force === true });
  }
  for (const name of names) ctx.io.stderr.write(`Wrote ${name}\n`);
}

async function writeContent(ctx: CommandContext, content: ExportContent, options: ExportOptions): Promise<void> {
  if (content.kind === 'qr-codes') {
    await writeQrCodes(ctx, content.uris, options);
    return;
  }
  if (options.out !== undefined) {
    const path = resolve(ctx.io.cwd, options.out);
    await writeExportFile(path, content.data, { force: options.force === true });
    ctx.io.stderr.write(`Wrote ${path}\n`);
    return;
  }
  if (typeof content.data !== 'string') {
    throw new CliError('ERR_USAGE', `The ${options.format} export is binary: give --out FILE.`);
  }
  ctx.io.stdout.write(content.data);
}

async function runExport(ctx: CommandContext, options: ExportOptions): Promise<void> {
  if (options.format === 'tessera' && options.out === undefined) {
    throw new CliError('ERR_USAGE', 'The tessera export is a binary age file: give --out FILE.');
  }
  const vault = await ctx.vault.read();
  if (vault === undefined) throw new CliError('ERR_VAULT_NOT_FOUND', `No vault in ${ctx.vault.dir} yet; nothing to export.`);
  await confirmExport(ctx, vault, options);
  const content = await renderExport(vault, options.format, ctx.io);
  await writeContent(ctx, content, options);
  const codes = content.kind === 'qr-codes' ? ` in ${String(content.uris.length)} QR code(s)` : '';
  ctx.io.stderr.write(`Exported ${String(vault.accounts.length - content.skipped.length)} of ${String(vault.accounts.length)} account(s) as ${options.format}${codes}.\n`);
  reportSkipped(ctx, content.skipped, options.format);
}

/** Builds the `export` command. */
export function exportCommand(context: () => Promise<CommandContext>): Command {
  return new Command('export')
    .summary('export accounts to otpauth URIs, Google Authenticator QR codes, Aegis, paper or an encrypted Tessera file')
    .addOption(new Option('--format <format>', 'output format').choices([...EXPORT_FORMATS]).makeOptionMandatory())
    .option('--out <file>', 'write to this new file (mode 0600) instead of standard output; google-qr writes FILE-1.png, FILE-2.png, …')
    .option('--force', 'replace --out if it exists')
    .option('-y, --yes', 'export without asking (needed off a terminal)')
    .addHelpText(
      'after',
      `
Passphrases (aegis-encrypted, tessera) are asked twice on a terminal, or read from
TESSERA_EXPORT_PASSPHRASE. A tessera export is a standard age file: \`age -d FILE\` opens it.

Examples:
  tessera export --format aegis-encrypted --out aegis-backup.json
  tessera export --format google-qr                      # QR codes in the terminal
  tessera export --format google-qr --out transfer       # transfer-1.png, transfer-2.png, …
  tessera export --format paper --out paper-backup.html
  tessera export --format tessera --out tessera-backup.age`,
    )
    .action(async (options: ExportOptions) => {
      await runExport(await context(), options);
    });
}
