/**
 * `tessera add`: adds accounts from an otpauth URI (argument or piped lines), from flags, or from
 * a QR code in a PNG/JPEG screenshot. Every source is parsed and validated in full before the
 * vault is touched, so a bad line changes nothing.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import {
  addAccount,
  addGroup,
  CoreError,
  isCoreError,
  HASH_ALGORITHMS,
  parseOtpauthUri,
  resolveGroup,
  validateOtpParameters,
  type Group,
  type HashAlgorithm,
  type NewAccount,
  type OtpauthUri,
  type OtpParameters,
  type Vault,
} from '@tessera/core';
import type { CommandContext } from '../context.js';
import { CliError } from '../errors.js';
import { askHidden, readAllStdin } from '../terminal/prompt.js';
import { accountName } from '../terminal/format.js';

interface AddOptions {
  readonly qr?: string;
  readonly issuer?: string;
  readonly label?: string;
  readonly secret?: string;
  readonly type: 'totp' | 'hotp' | 'steam';
  readonly algorithm: string;
  readonly digits: string;
  readonly period: string;
  readonly counter: string;
  readonly group: string[];
  readonly note?: string;
  readonly favourite?: boolean;
  readonly allowDuplicate?: boolean;
}

function parseUriLine(line: string, where: string): OtpauthUri {
  if (/^otpauth-migration:/i.test(line)) {
    throw new CoreError(
      'ERR_URI_UNSUPPORTED',
      `${where} is a Google Authenticator export (otpauth-migration://); use \`tessera import\` for those.`,
    );
  }
  try {
    return parseOtpauthUri(line);
  } catch (error) {
    if (error instanceof CoreError) throw new CoreError(error.code, `${where}: ${error.message}`, { cause: error });
    throw error;
  }
}

function uriLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

function otpFromFlags(options: AddOptions, secret: string): OtpParameters {
  const algorithm = options.algorithm.toUpperCase();
  if (!(HASH_ALGORITHMS as readonly string[]).includes(algorithm)) {
    throw new CliError('ERR_USAGE', `--algorithm must be one of ${HASH_ALGORITHMS.join(', ')}.`);
  }
  const integer = (flag: string, text: string): number => {
    if (!/^\d{1,16}$/.test(text)) throw new CliError('ERR_USAGE', `${flag} must be a whole number.`);
    return Number(text);
  };
  const common = { secret, algorithm: algorithm as HashAlgorithm };
  switch (options.type) {
    case 'totp':
      return validateOtpParameters({ type: 'totp', ...common, digits: integer('--digits', options.digits), period: integer('--period', options.period) });
    case 'hotp':
      return validateOtpParameters({ type: 'hotp', ...common, digits: integer('--digits', options.digits), counter: integer('--counter', options.counter) });
    case 'steam':
      return validateOtpParameters({ type: 'steam', secret, period: 30 });
  }
}

async function collectUris(ctx: CommandContext, uriArgs: readonly string[], options: AddOptions): Promise<OtpauthUri[]> {
  if (options.qr !== undefined) {
    const path = resolve(ctx.io.cwd, options.qr);
    const bytes = await readFile(path).catch((cause: unknown) => {
      throw new CliError('ERR_FILE_UNREADABLE', `Cannot read ${options.qr ?? ''}.`, { cause });
    });
    // Image decoders are loaded only when needed: they would add tens of ms to every start-up.
    const { decodeQrImage } = await import('../qr/decode-image.js');
    return [parseUriLine(decodeQrImage(new Uint8Array(bytes), options.qr), `The QR code in ${options.qr}`)];
  }
  if (options.label !== undefined || options.secret !== undefined) {
    if (options.label === undefined) throw new CliError('ERR_USAGE', '--label is required when adding by flags.');
    const secret = options.secret ?? (await askHidden(ctx.io, 'Secret (base32): '));
    return [{ issuer: options.issuer ?? '', label: options.label, otp: otpFromFlags(options, secret) }];
  }
  const fromStdin = uriArgs.length === 0 || (uriArgs.length === 1 && uriArgs[0] === '-');
  if (fromStdin && uriArgs.length === 0 && ctx.io.stdin.isTTY === true) {
    throw new CliError('ERR_USAGE', 'Give an otpauth:// URI, --qr FILE, or --label and --secret (see `tessera add --help`).');
  }
  const lines = fromStdin ? uriLines(await readAllStdin(ctx.io)) : [...uriArgs];
  if (lines.length === 0) throw new CliError('ERR_USAGE', 'No otpauth:// URI was given on standard input.');
  return lines.map((line, index) => parseUriLine(line, fromStdin ? `Line ${String(index + 1)}` : 'The URI'));
}

/** The group called `name` (the core's own matching: case- and normalisation-insensitive), if any. */
function findGroup(vault: Vault, name: string): Group | undefined {
  try {
    return resolveGroup(vault, name);
  } catch (error) {
    if (isCoreError(error, 'ERR_GROUP_NOT_FOUND')) return undefined;
    throw error;
  }
}

function groupIds(vault: Vault, names: readonly string[], ctx: { now: number; random: (n: number) => Uint8Array }): { vault: Vault; ids: string[] } {
  let current = vault;
  const ids: string[] = [];
  for (const name of names) {
    const existing = findGroup(current, name);
    if (existing) {
      ids.push(existing.id);
      continue;
    }
    const added = addGroup(current, name, ctx);
    current = added.vault;
    ids.push(added.group.id);
  }
  return { vault: current, ids };
}

/**
 * Secrets typed as arguments are visible to other users in `ps` and stay in shell history. Said
 * once, on an interactive terminal only, so scripts that chose this are not nagged.
 */
function warnAboutArgvSecrets(ctx: CommandContext, uriArgs: readonly string[], options: AddOptions): void {
  const inArgv = options.secret !== undefined || uriArgs.some((arg) => arg !== '-');
  if (inArgv && ctx.io.stderr.isTTY) {
    ctx.io.stderr.write(
      ctx.style.yellow('Note: a secret on the command line can end up in your shell history. Next time, omit --secret to be asked for it, or pipe URIs in.\n'),
    );
  }
}

async function runAdd(ctx: CommandContext, uriArgs: string[], options: AddOptions): Promise<void> {
  warnAboutArgvSecrets(ctx, uriArgs, options);
  const uris = await collectUris(ctx, uriArgs, options);
  const now = ctx.io.now();
  const added = await ctx.vault.update((vault) => {
    const clock = { now, random: ctx.io.random };
    const grouped = groupIds(vault, options.group, clock);
    let current = grouped.vault;
    const accounts = [];
    for (const uri of uris) {
      const input: NewAccount = {
        issuer: uri.issuer,
        label: uri.label,
        otp: uri.otp,
        groups: grouped.ids,
        ...(uri.icon ? { icon: uri.icon } : {}),
        ...(options.note === undefined ? {} : { note: options.note }),
        ...(options.favourite === true ? { favourite: true } : {}),
      };
      const result = addAccount(current, input, { ...clock, allowDuplicate: options.allowDuplicate === true });
      current = result.vault;
      accounts.push(result.account);
    }
    return { vault: current, result: accounts };
  }, { create: true });
  for (const account of added) {
    ctx.io.stdout.write(`${ctx.style.green('✓')} Added ${accountName(account)} at position ${String(account.position + 1)}\n`);
  }
}

/** Builds the `add` command. */
export function addCommand(context: () => Promise<CommandContext>): Command {
  return new Command('add')
    .summary('add accounts from an otpauth URI, flags, stdin or a QR screenshot')
    .argument('[uri...]', 'otpauth:// URIs; "-" or nothing (with piped input) reads one URI per line from stdin')
    .option('--qr <file>', 'read the account from a QR code in a PNG or JPEG screenshot')
    .option('--issuer <name>', 'service name, e.g. GitHub (with --label)')
    .option('--label <account>', 'account name, e.g. alice@example.com')
    .option('--secret <base32>', 'the secret; prompted for (hidden) when omitted with --label')
    .addOption(new Option('--type <type>', 'code type').choices(['totp', 'hotp', 'steam']).default('totp'))
    .option('--algorithm <name>', 'SHA1, SHA256 or SHA512', 'SHA1')
    .option('--digits <n>', 'code length, 6 to 10', '6')
    .option('--period <seconds>', 'TOTP time step', '30')
    .option('--counter <n>', 'HOTP counter of the next code', '0')
    .option('--group <name>', 'put the account in this group (repeatable; created if missing)', (value: string, all: string[]) => [...all, value], [])
    .option('--note <text>', 'a note kept with the account')
    .option('--favourite', 'mark as favourite')
    .option('--allow-duplicate', 'add even if the same account is already in the vault')
    .addHelpText(
      'after',
      `
Examples:
  tessera add --issuer GitHub --label alice@example.com          # asks for the secret (hidden)
  tessera add --qr ~/Pictures/github-2fa.png --group work
  tessera add < uris.txt                                         # one otpauth:// URI per line
  tessera add 'otpauth://totp/GitHub:alice?secret=…&issuer=GitHub' # works, but lands in shell history`,
    )
    .action(async (uris: string[], options: AddOptions) => {
      await runAdd(await context(), uris, options);
    });
}
