/**
 * `tessera backup …`: set up backups to storage the person already has, publish, verify (the
 * restore drill), inspect, and manage the keyring (passphrase change, identity rotation).
 *
 * @module
 */
import { Command, Option } from 'commander';
import { isCoreError } from '@tessera/core';
import {
  createKeyring,
  decodeKeyring,
  currentIdentity,
  currentRecipient,
  encodeKeyring,
  fetchKeyring,
  openKeyring,
  publishKeyring,
  rotateKeyring,
  unlockBackup,
  type Keyring,
} from '@tessera/backup';
import { printJson, println, type CommandContext } from '../context.js';
import { nodeScrypt } from '../crypto/age-scrypt.js';
import { CliError } from '../errors.js';
import { backupNow, deviceState, identitiesOf, openBackupSession, verifyLatest, type BackupSession } from '../backup/engine.js';
import { openDestination, type OpenedDestination } from '../backup/open-destination.js';
import { askBackupPassphrase, chooseBackupPassphrase, confirmRecoveryKey } from '../backup/secrets-input.js';
import { DEFAULT_KEEP, readBackupSettings, writeBackupSettings, type BackupSettings } from '../backup/settings.js';
import { readBackupState, writeBackupState } from '../backup/state.js';
import { describeComparison, showRecoveryKey } from '../backup/report.js';
import { hostname } from 'node:os';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';

type Ctx = () => Promise<CommandContext>;

interface SetupOptions {
  readonly to: string;
  readonly classic?: boolean;
  readonly keep: string;
  readonly auto: boolean;
  readonly deviceName?: string;
  readonly force?: boolean;
  readonly recoveryKeyOut?: string;
}

/** Proves the destination takes writes before anything is set up there. */
async function probe(ctx: CommandContext, opened: OpenedDestination): Promise<void> {
  const name = `tessera/probe-${Buffer.from(ctx.io.random(8)).toString('hex')}`;
  await opened.destination.create(name, new TextEncoder().encode('tessera write probe'));
  await opened.destination.remove(name);
}

/** Joins a destination that already holds a keyring (another device set it up). */
async function joinKeyring(ctx: CommandContext, opened: OpenedDestination): Promise<Keyring> {
  ctx.io.stderr.write(`${opened.description} already holds Tessera backups; unlocking them to join.\n`);
  const unlocked = await unlockBackup({ destination: opened.destination, credential: { passphrase: await askBackupPassphrase(ctx.io) }, scrypt: nodeScrypt });
  if (unlocked.keyring === undefined) throw new TypeError('a passphrase unlock returns the keyring');
  return unlocked.keyring;
}

/** Creates the keyring: passphrase slot published, recovery key shown once and confirmed. */
async function newKeyring(ctx: CommandContext, opened: OpenedDestination, options: SetupOptions): Promise<Keyring> {
  const keyring = await createKeyring({ kind: options.classic === true ? 'classic' : 'hybrid', now: ctx.io.now() });
  const passphrase = await chooseBackupPassphrase(ctx.io);
  const recoveryKey = currentIdentity(keyring);
  if (options.recoveryKeyOut !== undefined) {
    await writeFile(resolve(ctx.io.cwd, options.recoveryKeyOut), `# Tessera recovery key — keep it offline, it opens your backups.\n${recoveryKey}\n`, { mode: 0o600, flag: 'wx' });
    ctx.io.stderr.write(`The recovery key was written to ${options.recoveryKeyOut}. Print it or copy it somewhere safe, then delete the file.\n`);
  } else {
    if (ctx.io.stdin.isTTY !== true) {
      throw new CliError('ERR_NOT_A_TERMINAL', 'Setting up backups shows a recovery key to write down; run on a terminal, or pass --recovery-key-out FILE.');
    }
    showRecoveryKey(ctx, recoveryKey);
    await confirmRecoveryKey(ctx.io, recoveryKey);
  }
  await publishKeyring({ destination: opened.destination, keyring, passphrase, scrypt: nodeScrypt, random: ctx.io.random });
  return keyring;
}

async function runSetup(ctx: CommandContext, options: SetupOptions): Promise<void> {
  const sealer = ctx.vault.sealer;
  if (!options.force && (await readBackupSettings(ctx.vault.dir, sealer)) !== undefined) {
    throw new CliError('ERR_BACKUP_ALREADY_SET_UP', 'Backups are already set up on this device (`tessera backup status`). Use --force to replace the settings.');
  }
  const vault = await ctx.vault.read();
  if (vault === undefined) throw new CliError('ERR_VAULT_NOT_FOUND', 'There is no vault to back up yet. Add an account first, or restore with `tessera restore --from DEST`.');
  const opened = await openDestination(ctx.io, options.to);
  await probe(ctx, opened);
  const existing = await fetchKeyring(opened.destination).catch((error: unknown) => {
    if (isCoreError(error, 'ERR_KEYRING_NOT_FOUND')) return undefined;
    throw error;
  });
  const keyring = existing === undefined ? await newKeyring(ctx, opened, options) : await joinKeyring(ctx, opened);
  const settings: BackupSettings = {
    version: 1,
    destination: opened.description,
    credentials: opened.credentials,
    keyring: new TextDecoder().decode(encodeKeyring(keyring)),
    recipient: await currentRecipient(keyring),
    keep: Number(options.keep),
    auto: options.auto,
    deviceName: options.deviceName ?? hostname(),
  };
  await writeBackupSettings(ctx.vault.dir, sealer, settings);
  const { state } = await deviceState(ctx.io, ctx.vault.dir);
  await writeBackupState(ctx.vault.dir, state);
  const outcome = await backupNow(ctx.io, await openBackupSession(ctx.io, ctx.vault.dir, sealer), vault, { confirmDrop: true });
  println(ctx, `${ctx.style.green('✓')} Backups are on: ${opened.description} (generation ${String(outcome.generation)}, ${String(outcome.count)} accounts, verified).`);
  println(ctx, ctx.style.dim(`Automatic backup after each change: ${settings.auto ? 'on' : 'off'}. Check everything any time with \`tessera doctor\`.`));
}

function setup(context: Ctx): Command {
  return new Command('setup')
    .summary('back up to a folder, WebDAV or S3, protected by a passphrase and a recovery key')
    .requiredOption('--to <destination>', 'a folder (any synced folder), webdav(s)://host/path or s3://bucket/prefix?endpoint=…')
    .option('--classic', 'X25519 keys (readable by age tools before 1.2) instead of the post-quantum hybrid')
    .addOption(new Option('--keep <n>', 'generations to keep').default(String(DEFAULT_KEEP)).argParser((value) => {
      if (!/^[1-9]\d{0,3}$/.test(value)) throw new CliError('ERR_USAGE', '--keep must be a number from 1 to 9999.');
      return value;
    }))
    .option('--no-auto', 'do not back up automatically after each change')
    .option('--device-name <name>', 'how this device is named in backups (default: the host name)')
    .option('--recovery-key-out <file>', 'write the recovery key to a new 0600 file instead of showing it (for scripts)')
    .option('--force', 'replace existing backup settings on this device')
    .addHelpText(
      'after',
      `
Examples:
  tessera backup setup --to ~/Dropbox/tessera
  tessera backup setup --to webdavs://alice@cloud.example.com/remote.php/dav/files/alice/tessera
  AWS_ACCESS_KEY_ID=… AWS_SECRET_ACCESS_KEY=… tessera backup setup --to 's3://my-bucket/tessera?region=eu-west-1'`,
    )
    .action(async (options: SetupOptions) => {
      await runSetup(await context(), options);
    });
}

function now(context: Ctx): Command {
  return new Command('now')
    .summary('publish a backup now (never overwriting an older one)')
    .option('-y, --yes', 'publish even if the backup would hold far fewer accounts than the last')
    .option('--json', 'machine-readable output')
    .action(async (options: { yes?: boolean; json?: boolean }) => {
      const ctx = await context();
      const vault = await ctx.vault.read();
      if (vault === undefined) throw new CliError('ERR_VAULT_NOT_FOUND', 'There is no vault to back up yet.');
      const session = await openBackupSession(ctx.io, ctx.vault.dir, ctx.vault.sealer);
      const outcome = await backupNow(ctx.io, session, vault, { confirmDrop: options.yes === true });
      if (options.json === true) {
        printJson(ctx, { name: outcome.name, generation: outcome.generation, accounts: outcome.count, pruned: outcome.removed, pruneFailures: outcome.removeFailures.map((f) => f.name) });
        return;
      }
      println(ctx, `${ctx.style.green('✓')} Backed up ${String(outcome.count)} accounts to ${session.opened.description} as generation ${String(outcome.generation)} (read back and verified).`);
      for (const failure of outcome.removeFailures) ctx.io.stderr.write(ctx.style.yellow(`Could not prune ${failure.name}; it will be retried next time.\n`));
    });
}

function verify(context: Ctx): Command {
  return new Command('verify')
    .summary('the restore drill: prove the latest backup decrypts and matches the vault, changing nothing')
    .option('--json', 'machine-readable output')
    .action(async (options: { json?: boolean }) => {
      const ctx = await context();
      const vault = await ctx.vault.read();
      if (vault === undefined) throw new CliError('ERR_VAULT_NOT_FOUND', 'There is no vault to compare with.');
      const session = await openBackupSession(ctx.io, ctx.vault.dir, ctx.vault.sealer);
      const { name, snapshot, comparison } = await verifyLatest(session, vault);
      if (options.json === true) printJson(ctx, { name, generation: snapshot.generation, accounts: snapshot.manifest.count, ...comparison });
      else for (const line of describeComparison(ctx, name, snapshot, comparison)) println(ctx, line);
      if (!comparison.matches) {
        throw new CliError('ERR_BACKUP_MISMATCH', 'The latest backup does not match the vault; run `tessera backup now` to publish the current state.');
      }
    });
}

async function runStatus(ctx: CommandContext, options: { json?: boolean }): Promise<void> {
  const settings = await readBackupSettings(ctx.vault.dir, ctx.vault.sealer);
  const state = await readBackupState(ctx.vault.dir);
  const status = settings === undefined
    ? { configured: false }
    : {
        configured: true,
        destination: settings.destination,
        deviceName: settings.deviceName,
        deviceId: state?.deviceId,
        auto: settings.auto,
        keep: settings.keep,
        generation: state?.generation ?? 0,
        lastSuccess: state?.lastSuccess,
        lastError: state?.lastError,
        identities: identitiesOf(settings).length,
      };
  if (options.json === true) {
    printJson(ctx, status);
    return;
  }
  if (settings === undefined) {
    println(ctx, 'Backups are not set up. Run `tessera backup setup --to DEST`.');
    return;
  }
  println(ctx, `Destination:  ${settings.destination}`);
  println(ctx, `This device:  ${settings.deviceName} (${state?.deviceId ?? 'no backup yet'})`);
  println(ctx, `Last backup:  ${state?.lastSuccess ?? 'never'} (generation ${String(state?.generation ?? 0)})`);
  if (state?.lastError !== undefined) println(ctx, ctx.style.red(`Last attempt failed: ${state.lastError}`));
  println(ctx, `Automatic:    ${settings.auto ? 'on' : 'off'}; keeping ${String(settings.keep)} generations`);
}

function status(context: Ctx): Command {
  return new Command('status')
    .summary('where backups go and how the last one went')
    .option('--json', 'machine-readable output')
    .action(async (options: { json?: boolean }) => {
      await runStatus(await context(), options);
    });
}

function auto(context: Ctx): Command {
  return new Command('auto')
    .summary('turn automatic backup after each change on or off')
    .argument('<on|off>')
    .action(async (value: string) => {
      if (value !== 'on' && value !== 'off') throw new CliError('ERR_USAGE', 'Say `on` or `off`.');
      const ctx = await context();
      const sealer = ctx.vault.sealer;
      const settings = await readBackupSettings(ctx.vault.dir, sealer);
      if (settings === undefined) throw new CliError('ERR_BACKUP_NOT_SET_UP', 'Backups are not set up on this device.');
      await writeBackupSettings(ctx.vault.dir, sealer, { ...settings, auto: value === 'on' });
      println(ctx, `${ctx.style.green('✓')} Automatic backup is ${value}.`);
    });
}

/**
 * The keyring to re-seal: the destination's (another device may have rotated it), or, when the
 * destination lost it (wiped), the copy this device holds — then no current passphrase is needed.
 */
async function keyringToReseal(ctx: CommandContext, session: BackupSession): Promise<{ keyring: Keyring; passphrase?: string }> {
  const fetched = await fetchKeyring(session.opened.destination).catch((error: unknown) => {
    if (isCoreError(error, 'ERR_KEYRING_NOT_FOUND')) return undefined;
    throw error;
  });
  if (fetched === undefined) return { keyring: decodeKeyring(new TextEncoder().encode(session.settings.keyring)) };
  const passphrase = await askBackupPassphrase(ctx.io);
  return { keyring: await openKeyring(fetched.bytes, passphrase, { scrypt: nodeScrypt }), passphrase };
}

/**
 * Re-seals the keyring under a passphrase (new, or the current one when rotating) and publishes it
 * without overwriting. Returns whether an existing keyring file was replaced.
 */
async function reseal(ctx: CommandContext, rotate: boolean): Promise<boolean> {
  const sealer = ctx.vault.sealer;
  const session = await openBackupSession(ctx.io, ctx.vault.dir, sealer);
  const found = await keyringToReseal(ctx, session);
  const kind = found.keyring.identities[0]?.startsWith('AGE-SECRET-KEY-PQ-') === true ? 'hybrid' : 'classic';
  const keyring = rotate ? await rotateKeyring(found.keyring, kind) : found.keyring;
  const passphrase = rotate && found.passphrase !== undefined ? found.passphrase : await chooseBackupPassphrase(ctx.io, rotate ? 'TESSERA_BACKUP_PASSPHRASE' : 'TESSERA_NEW_BACKUP_PASSPHRASE');
  if (rotate) {
    showRecoveryKey(ctx, currentIdentity(keyring));
    if (ctx.io.stdin.isTTY === true) await confirmRecoveryKey(ctx.io, currentIdentity(keyring));
  }
  await publishKeyring({ destination: session.opened.destination, keyring, passphrase, scrypt: nodeScrypt, random: ctx.io.random });
  const settings = { ...session.settings, keyring: new TextDecoder().decode(encodeKeyring(keyring)), recipient: await currentRecipient(keyring) };
  await writeBackupSettings(ctx.vault.dir, sealer, settings);
  const vault = await ctx.vault.read();
  if (rotate && vault !== undefined) await backupNow(ctx.io, { ...session, settings }, vault, { confirmDrop: true });
  return found.passphrase !== undefined;
}

function passphrase(context: Ctx): Command {
  return new Command('passphrase').summary('change the backup passphrase').action(async () => {
    const ctx = await context();
    const replaced = await reseal(ctx, false);
    println(ctx, `${ctx.style.green('✓')} ${replaced ? 'Backup passphrase changed; the old keyring file was removed.' : 'The destination had no passphrase slot; one was written again with the new passphrase.'}`);
  });
}

function rotate(context: Ctx): Command {
  return new Command('rotate').summary('new backup key: new backups use it, old ones stay readable').action(async () => {
    const ctx = await context();
    await reseal(ctx, true);
    println(ctx, `${ctx.style.green('✓')} New backup key in use; a new backup was published with it. Your old recovery key opens only older backups.`);
  });
}

/** Builds the `backup` command. */
export function backupCommand(context: Ctx): Command {
  return new Command('backup')
    .summary('encrypted backups to storage you already have (no vendor account)')
    .addCommand(setup(context))
    .addCommand(now(context))
    .addCommand(verify(context))
    .addCommand(status(context))
    .addCommand(auto(context))
    .addCommand(passphrase(context))
    .addCommand(rotate(context))
    .addHelpText('after', '\nExamples:\n  tessera backup setup --to ~/Dropbox/tessera\n  tessera backup verify\n  tessera restore --from ~/Dropbox/tessera');
}

