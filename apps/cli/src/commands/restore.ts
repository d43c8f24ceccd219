/**
 * `tessera restore --from DEST`: every account back — secrets, names, icons, groups, notes, HOTP
 * counters and the order — with a report against the backup's manifest. Unlocks with the backup
 * passphrase or the recovery key; plans first (new / already here / conflicting), never overwrites
 * silently, and with `--dry-run` changes nothing.
 *
 * @module
 */
import { Command, Option } from 'commander';
import { applyRestore, checkRollback, decodeSnapshot, planRestore, RESTORE_CHOICES, type RestoreChoice, type RestoreChoices, type RestorePlan, type Vault } from '@tessera/core';
import { currentRecipient, encodeKeyring, fetchSnapshot, recipientOf, unlockBackup, type BackupCredential, type Keyring } from '@tessera/backup';
import { hostname } from 'node:os';
import { printJson, println, type CommandContext } from '../context.js';
import { nodeScrypt } from '../crypto/age-scrypt.js';
import { CliError } from '../errors.js';
import { backupNow, deviceState, openBackupSession } from '../backup/engine.js';
import { openDestination, type OpenedDestination } from '../backup/open-destination.js';
import { describeReport } from '../backup/report.js';
import { askBackupPassphrase, readRecoveryKey } from '../backup/secrets-input.js';
import { DEFAULT_KEEP, readBackupSettings, writeBackupSettings } from '../backup/settings.js';
import { noteSeen, writeBackupState } from '../backup/state.js';

interface RestoreOptions {
  readonly from: string;
  readonly recoveryKey?: boolean;
  readonly recoveryKeyFile?: string;
  readonly device?: string;
  readonly generation?: string;
  readonly dryRun?: boolean;
  readonly allowRollback?: boolean;
  readonly conflicts?: RestoreChoice;
  readonly backup: boolean;
  readonly json?: boolean;
}

async function credential(ctx: CommandContext, options: RestoreOptions): Promise<BackupCredential> {
  if (options.recoveryKey === true || options.recoveryKeyFile !== undefined) {
    return { recoveryKey: await readRecoveryKey(ctx.io, options.recoveryKeyFile) };
  }
  return { passphrase: await askBackupPassphrase(ctx.io) };
}

function choicesFor(plan: RestorePlan, choice: RestoreChoice | undefined): RestoreChoices {
  if (choice === undefined) return {};
  return Object.fromEntries(plan.items.filter((item) => item.status === 'conflict').map((item) => [item.account.id, choice]));
}

/** After a restore on a device without backup settings, keep backing up to the same place. */
async function continueBackups(ctx: CommandContext, opened: OpenedDestination, keyring: Keyring | undefined, identities: readonly string[]): Promise<boolean> {
  const sealer = ctx.vault.sealer;
  if ((await readBackupSettings(ctx.vault.dir, sealer)) !== undefined) return false;
  const first = identities[0];
  if (first === undefined) return false;
  await writeBackupSettings(ctx.vault.dir, sealer, {
    version: 1,
    destination: opened.description,
    credentials: opened.credentials,
    keyring: new TextDecoder().decode(encodeKeyring(keyring ?? { createdAt: ctx.io.now(), identities: [...identities] })),
    recipient: keyring === undefined ? await recipientOf(first) : await currentRecipient(keyring),
    keep: DEFAULT_KEEP,
    auto: true,
    deviceName: hostname(),
  });
  return true;
}

/** The restored vault's first backup from this device, so the new device is covered at once. */
async function publishFirst(ctx: CommandContext): Promise<void> {
  const vault = await ctx.vault.read();
  if (vault === undefined) return;
  try {
    await backupNow(ctx.io, await openBackupSession(ctx.io, ctx.vault.dir, ctx.vault.sealer), vault, { confirmDrop: true });
  } catch (error) {
    ctx.io.stderr.write(`tessera: the restore is complete, but the first backup from this device failed: ${error instanceof Error ? error.message : String(error)}\n`);
  }
}

async function applyToVault(ctx: CommandContext, plan: RestorePlan, choices: RestoreChoices, local: Vault | undefined) {
  const creation = { now: ctx.io.now(), random: ctx.io.random };
  if (local === undefined) {
    const result = applyRestore(undefined, plan, choices, creation);
    await ctx.vault.create(result.vault);
    return result.report;
  }
  return ctx.vault.update((current) => {
    const result = applyRestore(current, plan, choices, creation);
    // The vault folder keeps its own id; the restored accounts move into it.
    return { vault: result.vault === current ? current : { ...result.vault, vaultId: current.vaultId }, result: result.report };
  });
}

async function runRestore(ctx: CommandContext, options: RestoreOptions): Promise<void> {
  const opened = await openDestination(ctx.io, options.from);
  const unlocked = await unlockBackup({ destination: opened.destination, credential: await credential(ctx, options), scrypt: nodeScrypt });
  const found = await fetchSnapshot({
    destination: opened.destination,
    identities: unlocked.identities,
    ...(options.device === undefined ? {} : { deviceId: options.device }),
    ...(options.generation === undefined ? {} : { generation: Number(options.generation) }),
    createdAt: (plaintext) => decodeSnapshot(plaintext).createdAt,
  });
  const snapshot = decodeSnapshot(found.plaintext);
  const { state } = await deviceState(ctx.io, ctx.vault.dir);
  if (checkRollback(state.highestSeen[snapshot.deviceId], snapshot.generation) === 'rollback' && options.allowRollback !== true) {
    throw new CliError(
      'ERR_BACKUP_ROLLBACK',
      `This device has already seen generation ${String(state.highestSeen[snapshot.deviceId])} of ${snapshot.deviceName}'s backups, but the newest one there is ${String(snapshot.generation)}: the destination may have been rolled back. Use --allow-rollback to restore it anyway.`,
    );
  }
  const local = await ctx.vault.read();
  const plan = planRestore(local, snapshot);
  const choices = choicesFor(plan, options.conflicts);
  const report = options.dryRun === true ? applyRestore(local, plan, choices, { now: ctx.io.now(), random: ctx.io.random }).report : await applyToVault(ctx, plan, choices, local);
  const continued = options.dryRun !== true && options.backup && (await continueBackups(ctx, opened, unlocked.keyring, unlocked.identities));
  if (options.dryRun !== true) await writeBackupState(ctx.vault.dir, noteSeen(state, snapshot.deviceId, snapshot.generation));
  if (continued) await publishFirst(ctx);
  if (options.json === true) {
    printJson(ctx, { dryRun: options.dryRun === true, from: opened.description, name: found.name, device: snapshot.deviceName, generation: snapshot.generation, createdAt: new Date(snapshot.createdAt).toISOString(), skipped: found.skipped.map((s) => ({ name: s.name, code: s.error.code })), ...report });
  } else {
    if (options.dryRun === true) println(ctx, ctx.style.yellow('Dry run: nothing was changed. This is what a restore would do:'));
    println(ctx, `Backup of ${snapshot.deviceName}, generation ${String(snapshot.generation)}, made ${new Date(snapshot.createdAt).toISOString()}`);
    for (const skipped of found.skipped) ctx.io.stderr.write(ctx.style.yellow(`Skipped ${skipped.name}: ${skipped.error.message}\n`));
    for (const line of describeReport(ctx, report)) println(ctx, line);
    if (continued) println(ctx, ctx.style.dim(`Backups from this device now go to ${opened.description} too (\`tessera backup status\`).`));
  }
  if (report.failed > 0) throw new CliError('ERR_BACKUP_MISMATCH', `${String(report.failed)} account(s) could not be restored; see the report above.`);
}

/** Builds the `restore` command. */
export function restoreCommand(context: () => Promise<CommandContext>): Command {
  return new Command('restore')
    .summary('bring every account back from a backup, in order, with a report')
    .requiredOption('--from <destination>', 'where the backups are: a folder, webdav(s)://… or s3://…')
    .option('--recovery-key', 'unlock with the recovery key (asked for, hidden; or one line on stdin) instead of the passphrase')
    .option('--recovery-key-file <file>', 'read the recovery key from a file')
    .option('--device <id>', 'restore the newest backup of this device id instead of the newest overall')
    .option('--generation <n>', 'restore this generation (with --device)')
    .option('--dry-run', 'show what would happen and change nothing (the restore drill)')
    .option('--allow-rollback', 'accept a backup older than one this device has already seen')
    .addOption(new Option('--conflicts <choice>', 'what to do with conflicting accounts (default: keep the local one)').choices(RESTORE_CHOICES as string[]))
    .option('--no-backup', 'do not set up backups from this device to the same destination afterwards')
    .option('--json', 'machine-readable report')
    .addHelpText(
      'after',
      `
Examples:
  tessera restore --from ~/Dropbox/tessera                  # asks for the backup passphrase
  tessera restore --from ~/Dropbox/tessera --recovery-key   # or the printed recovery key
  tessera restore --from s3://my-bucket/tessera --dry-run --json`,
    )
    .action(async (options: RestoreOptions) => {
      await runRestore(await context(), options);
    });
}
