import type { LightMyRequestResponse } from 'fastify';
import { expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { forEachDialect } from '../db/test-support/dialects.js';
import { hashPassword } from '../passwords/hash.js';
import { createTenant } from '../tenants/tenants.js';
import { createTestContext } from '../test-support/context.js';
import { createUser, getUser, storeRehash } from './users.js';

function cookies(response: LightMyRequestResponse): string {
  return response.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}

forEachDialect('Argon2id rehash on sign-in', (get) => {
  it('a sign-in after the parameters changed stores a hash with the new parameters; a wrong password stores nothing', async () => {
    const before = createTestContext(get());
    const { tenantId } = await createTenant(before, { name: 'Rehash', domains: ['rehash.example'] });
    const user = await createUser(before, { tenantId, email: 'rita@rehash.example', displayName: 'Rita', role: 'user', password: 'tidal pools at dawn' }, { userId: null });
    expect(user.password_hash).toMatch(/\$m=19456,t=2,p=1\$/);

    const ctx = createTestContext(get(), { TESSERA_SERVER_ARGON2_ITERATIONS: '3', TESSERA_SERVER_ARGON2_MEMORY_KIB: '20000' });
    const app = await buildApp(ctx);
    try {
      const form = await app.inject({ method: 'GET', url: '/signin' });
      const csrf = /name="csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
      const post = (password: string) => app.inject({
        method: 'POST', url: '/signin', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookies(form) },
        payload: new URLSearchParams({ csrf, email: 'Rita@rehash.example', password }).toString(),
      });
      await post('not her password');
      expect((await getUser(ctx, tenantId, user.id))?.password_hash).toBe(user.password_hash);
      await post('tidal pools at dawn');
      const after = (await getUser(ctx, tenantId, user.id))?.password_hash ?? '';
      expect(after).toMatch(/^\$argon2id\$v=19\$m=20000,t=3,p=1\$/);
    } finally {
      await app.close();
    }
  });

  it('storeRehash only replaces the hash it was computed from (a concurrent password change wins)', async () => {
    const ctx = createTestContext(get());
    const { tenantId } = await createTenant(ctx, { name: 'Rehash', domains: ['rehash-cas.example'] });
    const user = await createUser(ctx, { tenantId, email: 'cas@rehash-cas.example', displayName: 'Cas', role: 'user', password: 'tidal pools at dawn' }, { userId: null });
    const changed = await hashPassword(ctx, 'a newer password entirely');
    await ctx.db.updateTable('users').set({ password_hash: changed }).where('id', '=', user.id).execute();
    await storeRehash(ctx, tenantId, user.id, user.password_hash ?? '', await hashPassword(ctx, 'tidal pools at dawn'));
    expect((await getUser(ctx, tenantId, user.id))?.password_hash).toBe(changed);
  });
});
