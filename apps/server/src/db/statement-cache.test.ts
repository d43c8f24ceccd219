import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import { cachingStatements, STATEMENT_CACHE_SIZE } from './statement-cache.js';

function memory() {
  const sqlite = new SQLite(':memory:');
  sqlite.exec('create table t (id integer primary key, v text not null)');
  const prepared: string[] = [];
  const original = sqlite.prepare.bind(sqlite);
  sqlite.prepare = (source: string) => { prepared.push(source); return original(source); };
  return { sqlite, prepared, database: cachingStatements(sqlite) };
}

describe('SQLite statement cache', () => {
  it('prepares each SQL text once and runs it with new parameters each time', async () => {
    const { prepared, database } = memory();
    const db = new Kysely<{ t: { id: number; v: string } }>({ dialect: new SqliteDialect({ database }) });
    for (let i = 1; i <= 5; i++) await db.insertInto('t').values({ id: i, v: `v${i}` }).execute();
    for (let i = 1; i <= 5; i++) expect((await db.selectFrom('t').select('v').where('id', '=', i).executeTakeFirst())?.v).toBe(`v${i}`);
    expect(prepared).toHaveLength(2);
    await db.destroy();
  });

  it('hands a statement that is still being iterated to nobody else', () => {
    const { sqlite, database } = memory();
    sqlite.prepare('insert into t (id, v) values (1, \'a\'), (2, \'b\')').run();
    const outer = database.prepare('select v from t order by id');
    const iterator = outer.iterate([]);
    expect(iterator.next().value).toEqual({ v: 'a' });
    const inner = database.prepare('select v from t order by id');
    expect(inner).not.toBe(outer);
    expect(inner.all([])).toEqual([{ v: 'a' }, { v: 'b' }]);
    iterator.return?.();
    expect(database.prepare('select v from t order by id')).toBe(outer);
  });

  it('starts over instead of growing past its size', () => {
    const { prepared, database } = memory();
    for (let i = 0; i <= STATEMENT_CACHE_SIZE; i++) database.prepare(`select ${i}`);
    const count = prepared.length;
    database.prepare(`select ${STATEMENT_CACHE_SIZE}`);
    expect(prepared.length).toBe(count);
    database.prepare('select 0');
    expect(prepared.length).toBe(count + 1);
  });
});
