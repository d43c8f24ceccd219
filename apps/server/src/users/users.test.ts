import { expect, it } from 'vitest';
import { forEachDialect } from '../db/test-support/dialects.js';
import { verifyPassword } from '../passwords/hash.js';
import { createTenant } from '../tenants/tenants.js';
import { createTestContext, seedUser } from '../test-support/context.js';
import { listUsers } from './list.js';
import { createUser, findUserForSignIn, getUser, setPassword, updateUser } from './users.js';

forEachDialect('users', (get) => {
  it('creates a user with a password, finds them for sign-in by email in any case', async () => {
    const ctx = createTestContext(get());
    const { tenantId } = await createTenant(ctx, { name: 'U', domains: ['users-a.example'] });
    const user = await createUser(ctx, { tenantId, email: ' Ada@Users-A.example ', displayName: 'Ada', role: 'user', password: 'plum orbit lantern gravel' }, { userId: null });
    expect(user.email).toBe('ada@users-a.example');
    const found = await findUserForSignIn(ctx, 'ADA@users-a.EXAMPLE');
    expect(found?.id).toBe(user.id);
    expect((await verifyPassword(ctx, found?.password_hash ?? null, 'plum orbit lantern gravel')).ok).toBe(true);
    const audit = await ctx.db.selectFrom('audit_log').selectAll().where('target_user_id', '=', user.id).execute();
    expect(audit.map((a) => a.action)).toEqual(['user.create']);
    expect(audit[0]?.detail).not.toContain('plum');
  });

  it('refuses duplicates, foreign domains, bad emails and weak passwords', async () => {
    const ctx = createTestContext(get());
    const { tenantId } = await createTenant(ctx, { name: 'U', domains: ['users-b.example'] });
    await createTenant(ctx, { name: 'Other', domains: ['users-other.example'] });
    await createUser(ctx, { tenantId, email: 'bob@users-b.example', displayName: 'Bob', role: 'user' }, { userId: null });
    await expect(createUser(ctx, { tenantId, email: 'BOB@users-b.example', displayName: 'Bob', role: 'user' }, { userId: null })).rejects.toMatchObject({ code: 'ERR_USER_EXISTS' });
    await expect(createUser(ctx, { tenantId, email: 'eve@users-other.example', displayName: 'Eve', role: 'user' }, { userId: null })).rejects.toMatchObject({ code: 'ERR_VALIDATION' });
    await expect(createUser(ctx, { tenantId, email: 'no-at-sign', displayName: 'X', role: 'user' }, { userId: null })).rejects.toMatchObject({ code: 'ERR_VALIDATION' });
    await expect(createUser(ctx, { tenantId, email: 'carol@users-b.example', displayName: 'Carol', role: 'user', password: 'password1' }, { userId: null })).rejects.toMatchObject({ code: 'ERR_PASSWORD_POLICY' });
  });

  it('finds only active users, only through their tenant\'s domain', async () => {
    const ctx = createTestContext(get());
    const { tenantId } = await createTenant(ctx, { name: 'U', domains: ['users-c.example'] });
    const id = await seedUser(ctx, tenantId, 'dan@users-c.example');
    await updateUser(ctx, tenantId, id, { status: 'disabled' });
    expect(await findUserForSignIn(ctx, 'dan@users-c.example')).toBeUndefined();
    await updateUser(ctx, tenantId, id, { status: 'active' });
    expect((await findUserForSignIn(ctx, 'dan@users-c.example'))?.id).toBe(id);
    expect(await findUserForSignIn(ctx, 'dan@unknown.example')).toBeUndefined();
    expect(await findUserForSignIn(ctx, 'not an email')).toBeUndefined();
  });

  it('getUser and setPassword never cross tenants', async () => {
    const ctx = createTestContext(get());
    const a = await createTenant(ctx, { name: 'A', domains: ['users-d.example'] });
    const b = await createTenant(ctx, { name: 'B', domains: ['users-e.example'] });
    const id = await seedUser(ctx, a.tenantId, 'erin@users-d.example');
    expect(await getUser(ctx, b.tenantId, id)).toBeUndefined();
    await expect(setPassword(ctx, b.tenantId, id, 'plum orbit lantern gravel')).rejects.toMatchObject({ code: 'ERR_NOT_FOUND' });
    await setPassword(ctx, a.tenantId, id, 'plum orbit lantern gravel');
    expect((await getUser(ctx, a.tenantId, id))?.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('lists with search and keyset pages', async () => {
    const ctx = createTestContext(get());
    const { tenantId } = await createTenant(ctx, { name: 'U', domains: ['users-f.example'] });
    for (const name of ['amy', 'ben', 'cat', 'dee', 'eli']) await seedUser(ctx, tenantId, `${name}@users-f.example`);
    await updateUser(ctx, tenantId, (await findUserForSignIn(ctx, 'cat@users-f.example'))?.id ?? '', { displayName: 'Cat 100%_Done' });
    const first = await listUsers(ctx, tenantId, { limit: 2 });
    expect(first.users.map((u) => u.email)).toEqual(['amy@users-f.example', 'ben@users-f.example']);
    const second = await listUsers(ctx, tenantId, { limit: 2, after: first.next ?? '' });
    expect(second.users.map((u) => u.email)).toEqual(['cat@users-f.example', 'dee@users-f.example']);
    const last = await listUsers(ctx, tenantId, { limit: 2, after: second.next ?? '' });
    expect(last.users.map((u) => u.email)).toEqual(['eli@users-f.example']);
    expect(last.next).toBeUndefined();
    expect((await listUsers(ctx, tenantId, { limit: 10, q: '100%_D' })).users.map((u) => u.email)).toEqual(['cat@users-f.example']);
    expect((await listUsers(ctx, tenantId, { limit: 10, q: '%' })).users).toHaveLength(1);
    expect((await listUsers(ctx, tenantId, { limit: 10, q: 'DONE' })).users).toHaveLength(1);
    expect((await listUsers(ctx, tenantId, { limit: 10, email: 'BEN@users-f.example' })).users).toHaveLength(1);
  });
});
