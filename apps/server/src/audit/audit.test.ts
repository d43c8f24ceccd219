import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminApp, call, seedOrg, type SeededTenant } from '../admin/test-support/fixture.js';
import { forEachDialect } from '../db/test-support/dialects.js';
import type { TestContext } from '../test-support/context.js';
import { csvCell } from './export.js';
import { recordAudit } from './record.js';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('audit log is append-only in code', () => {
  it('no server source updates or deletes audit rows', () => {
    const offenders = sourceFiles(join(import.meta.dirname, '..')).filter((file) => {
      const text = readFileSync(file, 'utf8');
      return /(updateTable|deleteFrom)\(\s*['"]audit_log['"]/.test(text) || /(update|delete\s+from|truncate)\s+(table\s+)?audit_log\b/i.test(text.replace(/BEFORE (UPDATE|DELETE|TRUNCATE)( OR DELETE)? ON audit_log/g, ''));
    });
    expect(offenders).toEqual([]);
  });

  it('CSV cells are quoted and formulas neutralised', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell('+1')).toBe("'+1");
  });
});

forEachDialect('audit query and export', (get) => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let org: SeededTenant;
  let other: SeededTenant;

  beforeAll(async () => {
    ({ ctx, app } = await adminApp(get()));
    org = await seedOrg(ctx, 'audit');
    other = await seedOrg(ctx, 'audit-other');
    for (let i = 0; i < 1203; i++) {
      ctx.advance(1000);
      await recordAudit(ctx, { tenantId: i % 3 === 0 ? other.tenantId : org.tenantId, action: i % 2 === 0 ? 'sign_in.failure' : 'tap.issue', actorUserId: org.admin.id, targetUserId: i % 5 === 0 ? org.user.id : org.helpdesk.id, ip: '192.0.2.1', detail: { i, note: i === 7 ? '=cmd|"/c calc"!A1, with "quotes"\nand a newline' : 'x' } });
    }
  });
  afterAll(async () => { await app.close(); });

  async function all(): Promise<{ seq: number; action: string }[]> {
    const rows = await ctx.db.selectFrom('audit_log').select(['seq', 'action']).where('tenant_id', '=', org.tenantId).orderBy('seq').execute();
    return rows.map((r) => ({ seq: r.seq, action: r.action }));
  }

  it('the database refuses to update, delete or truncate audit rows', async () => {
    const before = await all();
    await expect(ctx.db.updateTable('audit_log').set({ action: 'forged' }).where('tenant_id', '=', org.tenantId).execute()).rejects.toThrow(/append-only/);
    await expect(ctx.db.deleteFrom('audit_log').where('tenant_id', '=', org.tenantId).execute()).rejects.toThrow(/append-only/);
    await expect(sql`${sql.raw(ctx.dialect === 'postgres' ? 'TRUNCATE audit_log' : 'DELETE FROM audit_log')}`.execute(ctx.db)).rejects.toThrow(/append-only/);
    expect(await all()).toEqual(before);
  });

  it('pages through the tenant\'s events in order with filters', async () => {
    const seen: number[] = [];
    let after: number | undefined;
    for (;;) {
      const response = await call(app, 'GET', `/api/admin/audit?limit=250${after === undefined ? '' : `&after=${after}`}`, org.admin.token);
      const page = response.json<{ events: { seq: number }[]; next?: number }>();
      seen.push(...page.events.map((e) => e.seq));
      if (page.next === undefined) break;
      after = page.next;
    }
    expect(seen).toEqual((await all()).map((e) => e.seq));
    const taps = await call(app, 'GET', '/api/admin/audit?action=tap.&limit=1000', org.admin.token);
    expect(taps.json<{ events: { action: string }[] }>().events.every((e) => e.action === 'tap.issue')).toBe(true);
    const forUser = await call(app, 'GET', `/api/admin/audit?user=${org.user.id}&limit=1000`, org.admin.token);
    const userEvents = forUser.json<{ events: { targetUserId: string; actorUserId: string }[] }>().events;
    expect(userEvents.length).toBeGreaterThan(0);
    const since = ctx.now() - 100_000;
    const recent = await call(app, 'GET', `/api/admin/audit?since=${since}&limit=1000`, org.admin.token);
    expect(recent.json<{ events: { at: number }[] }>().events.every((e) => e.at >= since)).toBe(true);
  });

  it('exports every event of the tenant, in order, as JSON Lines', async () => {
    const response = await call(app, 'GET', '/api/admin/audit/export?format=jsonl', org.admin.token);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const lines = response.body.trimEnd().split('\n').map((line) => JSON.parse(line) as { seq: number; action: string; detail: Record<string, unknown> });
    // The export records itself before streaming, so it is part of what it exports.
    expect(lines.map((e) => ({ seq: e.seq, action: e.action }))).toEqual(await all());
    expect(lines.at(-1)?.action).toBe('admin.audit.export');
    expect(lines.some((e) => e.detail['i'] === 3)).toBe(false);
  });

  it('exports every event of the tenant, in order, as CSV', async () => {
    const response = await call(app, 'GET', '/api/admin/audit/export?format=csv', org.admin.token);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toBe('attachment; filename="tessera-audit.csv"');
    const records = response.body.split('\r\n').filter((line) => line !== '');
    expect(records[0]).toBe('seq,at,time,action,actor_user_id,target_user_id,ip,detail');
    const expected = await all();
    // One record per event; the multi-line detail is quoted, so count records by their leading sequence number.
    const seqs = response.body.split('\r\n').map((line) => /^(\d+),\d+,/.exec(line)?.[1]).filter((s): s is string => s !== undefined).map(Number);
    expect(seqs).toEqual(expected.map((e) => e.seq));
    expect(response.body).not.toContain(',=cmd');
  });
});
