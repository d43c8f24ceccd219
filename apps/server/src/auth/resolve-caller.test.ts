import type { FastifyRequest } from 'fastify';
import { beforeEach, expect, it } from 'vitest';
import { hashToken, newId } from '../crypto/tokens.js';
import { forEachDialect } from '../db/test-support/dialects.js';
import { createTestContext, seedSessionToken, seedTenant, seedUser, type TestContext } from '../test-support/context.js';
import { requirePrincipal } from './principal.js';
import { resolveCaller } from './resolve-caller.js';
import { findSession, revokeSession, revokeUserSessions } from './sessions.js';

const MINUTE = 60_000;

function bearer(token: string): FastifyRequest {
  return { headers: { authorization: `Bearer ${token}` }, cookies: {} } as unknown as FastifyRequest;
}

forEachDialect('the one-query caller resolver', (get) => {
  let ctx: TestContext;
  let tenantId: string;
  let userId: string;
  let token: string;

  beforeEach(async () => {
    ctx = createTestContext(get());
    ({ tenantId } = await seedTenant(ctx));
    userId = await seedUser(ctx, tenantId, `u-${newId()}@example.test`, { role: 'helpdesk' });
    token = await seedSessionToken(ctx, tenantId, userId);
  });

  async function seedTap(expiresInMs: number): Promise<string> {
    const id = newId();
    await ctx.db.insertInto('taps').values({
      id, tenant_id: tenantId, user_id: userId, pass_hash: hashToken(newId()), one_time: 1, created_by: userId,
      created_at: ctx.now(), expires_at: ctx.now() + expiresInMs, used_at: null, revoked_at: null,
    }).execute();
    return id;
  }

  it('returns the live session and its user, as findSession and a user lookup would', async () => {
    const resolved = await resolveCaller(ctx, token);
    expect(resolved?.session).toEqual(await findSession(ctx, token));
    expect(resolved?.user).toMatchObject({ id: userId, tenant_id: tenantId, role: 'helpdesk', status: 'active' });
    const principal = await requirePrincipal(ctx, bearer(token), { roles: ['helpdesk'] });
    expect(principal).toMatchObject({ userId, tenantId, role: 'helpdesk' });
  });

  it('knows no unknown, malformed or revoked session, at once', async () => {
    expect(await resolveCaller(ctx, `${token}x`)).toBeUndefined();
    expect(await resolveCaller(ctx, 'short')).toBeUndefined();
    await revokeSession(ctx, hashToken(token));
    expect(await resolveCaller(ctx, token)).toBeUndefined();
    await expect(requirePrincipal(ctx, bearer(token))).rejects.toMatchObject({ code: 'ERR_UNAUTHENTICATED' });
  });

  it('ends every session of a user whose sessions are revoked (MFA reset)', async () => {
    const second = await seedSessionToken(ctx, tenantId, userId);
    expect(await revokeUserSessions(ctx, tenantId, userId)).toBe(2);
    expect(await resolveCaller(ctx, token)).toBeUndefined();
    expect(await resolveCaller(ctx, second)).toBeUndefined();
  });

  it('refuses a session past its absolute expiry', async () => {
    // Used all along (never idle), until just before and then just after its absolute expiry.
    ctx.advance(ctx.config.sessionAbsoluteMs - MINUTE / 2);
    await ctx.db.updateTable('sessions').set({ last_seen_at: ctx.now() }).where('id', '=', hashToken(token)).execute();
    expect(await resolveCaller(ctx, token)).toBeDefined();
    ctx.advance(MINUTE);
    await ctx.db.updateTable('sessions').set({ last_seen_at: ctx.now() }).where('id', '=', hashToken(token)).execute();
    expect(await resolveCaller(ctx, token)).toBeUndefined();
  });

  it('refuses an idle session, and a use within the idle window keeps it alive', async () => {
    ctx.advance(ctx.config.sessionIdleMs - MINUTE);
    expect(await resolveCaller(ctx, token)).toBeDefined();
    const row = await ctx.db.selectFrom('sessions').select('last_seen_at').where('id', '=', hashToken(token)).executeTakeFirstOrThrow();
    expect(row.last_seen_at).toBe(ctx.now());
    ctx.advance(ctx.config.sessionIdleMs);
    expect(await resolveCaller(ctx, token)).toBeUndefined();
  });

  it('a TAP session lives only with its pass, and only where TAP sessions are allowed', async () => {
    const tapId = await seedTap(60 * MINUTE);
    const tapToken = await seedSessionToken(ctx, tenantId, userId, ['tap'], tapId);
    expect((await resolveCaller(ctx, tapToken))?.session.tapId).toBe(tapId);
    await expect(requirePrincipal(ctx, bearer(tapToken))).rejects.toMatchObject({ code: 'ERR_TAP_ONLY_REGISTRATION' });
    expect((await requirePrincipal(ctx, bearer(tapToken), { allowTap: true })).session.tapId).toBe(tapId);
    await ctx.db.updateTable('taps').set({ revoked_at: ctx.now() }).where('id', '=', tapId).execute();
    expect(await resolveCaller(ctx, tapToken)).toBeUndefined();

    const expiring = await seedTap(10 * MINUTE);
    const expiringToken = await seedSessionToken(ctx, tenantId, userId, ['tap'], expiring);
    expect(await resolveCaller(ctx, expiringToken)).toBeDefined();
    ctx.advance(10 * MINUTE);
    expect(await resolveCaller(ctx, expiringToken)).toBeUndefined();
  });

  it('a TAP session whose pass row is missing, or belongs to another tenant, is refused', async () => {
    const other = await seedTenant(ctx, 'Other');
    const tapId = newId();
    await ctx.db.insertInto('taps').values({
      id: tapId, tenant_id: other.tenantId, user_id: userId, pass_hash: hashToken(newId()), one_time: 1, created_by: userId,
      created_at: ctx.now(), expires_at: ctx.now() + 60 * MINUTE, used_at: null, revoked_at: null,
    }).execute();
    const tapToken = await seedSessionToken(ctx, tenantId, userId, ['tap'], tapId);
    expect(await resolveCaller(ctx, tapToken)).toBeUndefined();
    // findSession applies the same rule, looking the pass up within the session's tenant too.
    expect(await findSession(ctx, tapToken)).toBeUndefined();
    // No pass row at all (sessions.tap_id has no foreign key).
    const orphan = await seedSessionToken(ctx, tenantId, userId, ['tap'], newId());
    expect(await resolveCaller(ctx, orphan)).toBeUndefined();
    expect(await findSession(ctx, orphan)).toBeUndefined();
  });

  it('a disabled user is refused at once, though the session row is live', async () => {
    await ctx.db.updateTable('users').set({ status: 'disabled' }).where('id', '=', userId).where('tenant_id', '=', tenantId).execute();
    expect((await resolveCaller(ctx, token))?.user?.status).toBe('disabled');
    await expect(requirePrincipal(ctx, bearer(token))).rejects.toMatchObject({ code: 'ERR_UNAUTHENTICATED' });
  });

  it('joins the user only within the session\'s tenant', async () => {
    const other = await seedTenant(ctx, 'Other');
    const stray = await seedSessionToken(ctx, other.tenantId, userId);
    const resolved = await resolveCaller(ctx, stray);
    expect(resolved?.user).toBeNull();
    await expect(requirePrincipal(ctx, bearer(stray))).rejects.toMatchObject({ code: 'ERR_UNAUTHENTICATED' });
  });
});
