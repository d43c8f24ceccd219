/**
 * `tessera admin audit`: read the tenant's append-only audit log on the terminal (in recorded
 * order, pages followed up to `--limit`), or export everything matching to a file as JSON Lines or CSV for
 * a SIEM or a ticket. The export is streamed to a 0600 temp file beside the target and renamed
 * into place only when complete, so an interrupted export never looks like a finished one.
 *
 * @module
 */
import { createWriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Command, Option } from 'commander';
import type { CommandContext } from '../../context.js';
import { CliError } from '../../errors.js';
import { randomSuffix } from '../../store/random-name.js';
import { exportAudit, queryAudit } from '../admin-api.js';
import type { AdminClient, Query } from '../client.js';
import { auditRows } from '../format.js';
import { resolveUser } from '../users.js';
import { parseInstant } from '../values.js';
import { adminClient, done, output, tableLines, type Ctx } from './shared.js';

interface AuditOptions {
  readonly since?: string;
  readonly until?: string;
  readonly action?: string;
  readonly user?: string;
  readonly limit: string;
  readonly export?: string;
  readonly format: 'jsonl' | 'csv';
  readonly json?: boolean;
}

const PAGE = 200;

async function filters(ctx: CommandContext, client: AdminClient, options: AuditOptions): Promise<Query> {
  const now = ctx.io.now();
  return {
    since: options.since === undefined ? undefined : parseInstant(options.since, now, '--since'),
    until: options.until === undefined ? undefined : parseInstant(options.until, now, '--until'),
    action: options.action,
    user: options.user === undefined ? undefined : (await resolveUser(client, options.user)).id,
  };
}

async function readEvents(client: AdminClient, query: Query, limit: number): Promise<Readonly<Record<string, unknown>>[]> {
  const events: Readonly<Record<string, unknown>>[] = [];
  let after: string | undefined;
  do {
    const page = await queryAudit(client, { ...query, limit: Math.min(PAGE, limit - events.length), after });
    events.push(...page.items.slice(0, limit - events.length));
    after = page.next;
  } while (after !== undefined && events.length < limit);
  return events;
}

function bodyStream(response: Response): Readable {
  if (response.body === null) return Readable.from([]);
  return Readable.fromWeb(response.body);
}

async function exportTo(ctx: CommandContext, response: Response, file: string): Promise<string | undefined> {
  if (file === '-') {
    await pipeline(bodyStream(response), new Writable({ write: (chunk: Buffer, _encoding, callback) => { ctx.io.stdout.write(chunk.toString('utf8')); callback(); } }));
    return undefined;
  }
  const target = resolve(ctx.io.cwd, file);
  const temp = join(dirname(target), `.${basename(target)}.${randomSuffix()}.tmp`);
  try {
    await pipeline(bodyStream(response), createWriteStream(temp, { flags: 'wx', mode: 0o600 }));
    await rename(temp, target);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    // File-system errors carry an errno code and are reported as they are; anything else broke the download.
    if (typeof (error as { code?: unknown }).code === 'string' && (error as { syscall?: unknown }).syscall !== undefined) throw error;
    throw new CliError('ERR_SERVER_UNREACHABLE', 'The export was interrupted before the server finished sending it; nothing was written.', { cause: error });
  }
  return target;
}

async function runAudit(ctx: CommandContext, client: AdminClient, options: AuditOptions): Promise<void> {
  const query = await filters(ctx, client, options);
  if (options.export !== undefined) {
    const written = await exportTo(ctx, await exportAudit(client, { ...query, format: options.format }), options.export);
    if (written !== undefined) done(ctx, `Audit log exported to ${written} (${options.format}).`);
    return;
  }
  const events = await readEvents(client, query, Number(options.limit));
  output(ctx, options.json, { events }, () => (events.length === 0 ? ['No audit events match.'] : tableLines(auditRows(events))));
}

/** `tessera admin audit`. */
export function auditCommand(context: Ctx): Command {
  return new Command('audit')
    .summary('read or export the tenant\'s audit log')
    .option('--since <when>', 'from this time: 2026-11-01, an ISO time, or ago: 30m, 24h, 7d')
    .option('--until <when>', 'up to this time (same forms)')
    .option('--action <name>', 'only this action, e.g. tap.issue, sign_in.failure')
    .option('--user <user>', 'only events about this user (email or id)')
    .addOption(new Option('--limit <n>', 'at most this many events on screen').default('100').argParser((value) => {
      if (!/^[1-9]\d{0,5}$/.test(value)) throw new CliError('ERR_USAGE', '--limit must be a number from 1 to 999999.');
      return value;
    }))
    .option('--export <file>', 'write every matching event to FILE (- for standard output)')
    .addOption(new Option('--format <format>', 'export format').choices(['jsonl', 'csv']).default('jsonl'))
    .option('--json', 'machine-readable output')
    .addHelpText('after', '\nExamples:\n  tessera admin audit --since 24h --action tap.issue\n  tessera admin audit --user bob@example.com --limit 20\n  tessera admin audit --since 2026-11-01 --export audit-november.csv --format csv')
    .action(async (options: AuditOptions, command: Command) => {
      const ctx = await context();
      await runAudit(ctx, await adminClient(ctx, command), options);
    });
}
