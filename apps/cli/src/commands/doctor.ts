/**
 * `tessera doctor`: checks everything a restore on a new device depends on — the vault, the
 * destination (reachable, writable), the key slots, how recent and how healthy the last backup
 * is, whether it decrypts and matches the vault, and the clock TOTP depends on — and says how to
 * fix each problem. Exits non-zero when something is wrong.
 *
 * @module
 */
import { Command } from 'commander';
import type { Vault } from '@tessera/core';
import { fetchKeyring } from '@tessera/backup';
import { printJson, println, type CommandContext } from '../context.js';
import { CliError } from '../errors.js';
import { openBackupSession, verifyLatest, type BackupSession } from '../backup/engine.js';

/** One check's verdict. */
export interface Check {
  readonly name: string;
  readonly status: 'ok' | 'warn' | 'fail';
  readonly detail: string;
  /** What to do about it, for `warn` and `fail`. */
  readonly fix?: string;
}

const STALE_AFTER_MS = 7 * 24 * 3600 * 1000;
/** No correct clock reads earlier than this (the first Tessera release was later). */
const EARLIEST_PLAUSIBLE = Date.UTC(2025, 0, 1);

const ok = (name: string, detail: string): Check => ({ name, status: 'ok', detail });
const fail = (name: string, detail: string, fix: string): Check => ({ name, status: 'fail', detail, fix });
const warn = (name: string, detail: string, fix: string): Check => ({ name, status: 'warn', detail, fix });

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function destinationChecks(ctx: CommandContext, session: BackupSession): Promise<Check[]> {
  const where = session.opened.description;
  const probe = `tessera/probe-${Buffer.from(ctx.io.random(8)).toString('hex')}`;
  try {
    await session.opened.destination.create(probe, new TextEncoder().encode('tessera doctor'));
    await session.opened.destination.remove(probe);
  } catch (error) {
    return [fail('destination', `${where} is not reachable or not writable: ${message(error)}`, 'Check the network, the path and the credentials; `tessera backup setup --to … --force` changes them.')];
  }
  const checks = [ok('destination', `${where} is reachable and writable`)];
  try {
    await fetchKeyring(session.opened.destination);
    checks.push(ok('key slots', 'passphrase slot (keyring file) present, and the recovery key'));
  } catch (error) {
    checks.push(fail('key slots', `only the recovery key can open the backups: ${message(error)}`, 'Run `tessera backup passphrase` to write a passphrase slot again.'));
  }
  return checks;
}

function recencyCheck(ctx: CommandContext, session: BackupSession): Check {
  const { lastSuccess, lastError } = session.state;
  if (lastError !== undefined) return fail('last backup', `the last attempt failed: ${lastError}`, 'Fix the cause above, then run `tessera backup now`.');
  if (lastSuccess === undefined) return fail('last backup', 'no backup from this device yet', 'Run `tessera backup now`.');
  const age = ctx.io.now() - Date.parse(lastSuccess);
  if (age > STALE_AFTER_MS) return warn('last backup', `the last successful backup was ${lastSuccess}`, 'Run `tessera backup now`, or turn on `tessera backup auto on`.');
  return ok('last backup', `last successful backup ${lastSuccess}`);
}

async function drillCheck(ctx: CommandContext, session: BackupSession, vault: Vault): Promise<Check[]> {
  try {
    const { name, snapshot, comparison } = await verifyLatest(session, vault);
    const clock = ctx.io.now() + 5 * 60_000 < snapshot.createdAt
      ? [fail('clock vs backups', `this computer's clock is behind the time the latest backup was made (${new Date(snapshot.createdAt).toISOString()})`, 'Set the clock (enable network time); TOTP codes depend on it.')]
      : [];
    const verdict = comparison.matches
      ? ok('restore drill', `${name} decrypts and matches the vault (${String(snapshot.manifest.count)} accounts, in order)`)
      : fail('restore drill', `${name} decrypts but differs from the vault`, 'Run `tessera backup now`; `tessera backup verify` lists the differences.');
    return [verdict, ...clock];
  } catch (error) {
    return [fail('restore drill', `the latest backup cannot be restored: ${message(error)}`, 'Run `tessera backup now` to publish a fresh, verified generation.')];
  }
}

function vaultChecks(ctx: CommandContext, vault: Vault | undefined): Check[] {
  const checks: Check[] = [];
  checks.push(vault === undefined ? warn('vault', 'no vault yet', 'Add an account, or restore with `tessera restore --from DEST`.') : ok('vault', `${String(vault.accounts.length)} accounts, readable`));
  const now = ctx.io.now();
  checks.push(now < EARLIEST_PLAUSIBLE ? fail('clock', `the clock reads ${new Date(now).toISOString()}`, 'Set the clock (enable network time); TOTP codes depend on it.') : ok('clock', new Date(now).toISOString()));
  const work = vault?.accounts.filter((account) => account.kind === 'work' && account.work.registrationId === undefined).length ?? 0;
  if (work > 0) checks.push(warn('work accounts', `${String(work)} need sign-in on this device`, 'Run `tessera work restore`.'));
  return checks;
}

/** Runs every check. */
export async function runChecks(ctx: CommandContext): Promise<Check[]> {
  let vault: Vault | undefined;
  try {
    vault = await ctx.vault.read();
  } catch (error) {
    return [fail('vault', message(error), 'See docs/errors.md for the code above.')];
  }
  const checks = vaultChecks(ctx, vault);
  let session: BackupSession;
  try {
    session = await openBackupSession(ctx.io, ctx.vault.dir, ctx.vault.sealer);
  } catch (error) {
    return [...checks, fail('backup', message(error), 'Run `tessera backup setup --to DEST` (a synced folder, WebDAV or S3).')];
  }
  checks.push(ok('backup', `set up${session.cloned ? ' (this vault folder was copied from another machine: it now backs up as a new device)' : ''}`));
  const destination = await destinationChecks(ctx, session);
  checks.push(...destination, recencyCheck(ctx, session));
  if (vault !== undefined && destination[0]?.status === 'ok') checks.push(...(await drillCheck(ctx, session, vault)));
  return checks;
}

/** Builds the `doctor` command. */
export function doctorCommand(context: () => Promise<CommandContext>): Command {
  return new Command('doctor')
    .summary('check that backups would bring everything back, and say how to fix what would not')
    .option('--json', 'machine-readable output')
    .action(async (options: { json?: boolean }) => {
      const ctx = await context();
      const checks = await runChecks(ctx);
      const failed = checks.filter((check) => check.status === 'fail').length;
      if (options.json === true) printJson(ctx, { healthy: failed === 0, checks });
      else {
        for (const check of checks) {
          const mark = check.status === 'ok' ? ctx.style.green('✓') : check.status === 'warn' ? ctx.style.yellow('!') : ctx.style.red('✗');
          println(ctx, `${mark} ${check.name}: ${check.detail}`);
          if (check.fix !== undefined) println(ctx, `    → ${check.fix}`);
        }
      }
      if (failed > 0) throw new CliError('ERR_DOCTOR_PROBLEMS', `${String(failed)} problem(s) found; each is listed with its fix.`);
    });
}
