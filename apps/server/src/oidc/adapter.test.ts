import { describe, expect, it } from 'vitest';
import { forEachDialect } from '../db/test-support/dialects.js';
import { createTestContext } from '../test-support/context.js';
import { KyselyAdapter, pruneExpiredPayloads } from './adapter.js';
import { loadProviderKeys } from './keys.js';

describe('oidc storage', () => {
  forEachDialect('Kysely adapter contract', (get) => {
    it('stores, replaces, finds and expires payloads of every model', async () => {
      const ctx = createTestContext(get());
      for (const model of ['Session', 'AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode', 'Grant', 'Interaction']) {
        const adapter = new KyselyAdapter(ctx, model);
        await adapter.upsert('id-1', { kind: model, value: 1 }, 60);
        expect(await adapter.find('id-1')).toEqual({ kind: model, value: 1 });
        await adapter.upsert('id-1', { kind: model, value: 2 }, 60);
        expect(await adapter.find('id-1')).toEqual({ kind: model, value: 2 });
        expect(await adapter.find('missing')).toBeUndefined();
      }
      const codes = new KyselyAdapter(ctx, 'AuthorizationCode');
      await codes.upsert('short', { a: 1 }, 10);
      ctx.advance(10_001);
      expect(await codes.find('short')).toBeUndefined();
      expect(await pruneExpiredPayloads(ctx)).toBeGreaterThanOrEqual(1);
    });

    it('keeps models apart: the same id under two models is two rows', async () => {
      const ctx = createTestContext(get());
      await new KyselyAdapter(ctx, 'AccessToken').upsert('same', { m: 'at' }, 60);
      await new KyselyAdapter(ctx, 'RefreshToken').upsert('same', { m: 'rt' }, 60);
      expect(await new KyselyAdapter(ctx, 'AccessToken').find('same')).toEqual({ m: 'at' });
      await new KyselyAdapter(ctx, 'AccessToken').destroy('same');
      expect(await new KyselyAdapter(ctx, 'AccessToken').find('same')).toBeUndefined();
      expect(await new KyselyAdapter(ctx, 'RefreshToken').find('same')).toEqual({ m: 'rt' });
    });

    it('marks consumption, and finds device codes by user code and sessions by uid', async () => {
      const ctx = createTestContext(get());
      const device = new KyselyAdapter(ctx, 'DeviceCode');
      await device.upsert('dc-1', { userCode: 'BCDFGHJK', grantId: 'g-1' }, 600);
      expect(await device.findByUserCode('BCDFGHJK')).toEqual({ userCode: 'BCDFGHJK', grantId: 'g-1' });
      expect(await device.findByUserCode('XXXXXXXX')).toBeUndefined();
      await device.consume('dc-1');
      expect((await device.find('dc-1'))?.consumed).toBe(Math.floor(ctx.now() / 1000));
      const sessions = new KyselyAdapter(ctx, 'Session');
      await sessions.upsert('s-1', { uid: 'uid-1', accountId: 'a' }, 600);
      expect(await sessions.findByUid('uid-1')).toEqual({ uid: 'uid-1', accountId: 'a' });
      expect(await sessions.findByUid('uid-2')).toBeUndefined();
    });

    it('revokes by grant id within the model only, leaving other grants', async () => {
      const ctx = createTestContext(get());
      const access = new KyselyAdapter(ctx, 'AccessToken');
      const refresh = new KyselyAdapter(ctx, 'RefreshToken');
      await access.upsert('at-1', { grantId: 'g-1' }, 60);
      await access.upsert('at-2', { grantId: 'g-1' }, 60);
      await access.upsert('at-3', { grantId: 'g-2' }, 60);
      await refresh.upsert('rt-1', { grantId: 'g-1' }, 60);
      await access.revokeByGrantId('g-1');
      expect(await access.find('at-1')).toBeUndefined();
      expect(await access.find('at-2')).toBeUndefined();
      expect(await access.find('at-3')).toEqual({ grantId: 'g-2' });
      await refresh.revokeByGrantId('g-1');
      expect(await refresh.find('rt-1')).toBeUndefined();
    });

    it('creates the signing keys once; every later load and every concurrent first load agrees', async () => {
      const ctx = createTestContext(get());
      const loads = await Promise.all([loadProviderKeys(ctx), loadProviderKeys(ctx), loadProviderKeys(ctx)]);
      const again = await loadProviderKeys(ctx);
      const kid = loads[0].jwks.keys[0]?.kid;
      expect(kid).toBeDefined();
      for (const keys of [...loads, again]) expect(keys.jwks.keys[0]?.kid).toBe(kid);
      const row = await ctx.db.selectFrom('oidc_keys').select('sealed').executeTakeFirstOrThrow();
      expect(row.sealed).not.toContain('"d"');
    });
  });
});
