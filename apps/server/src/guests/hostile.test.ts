import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { forEachDialect } from '../db/test-support/dialects.js';
import { hashPassword } from '../passwords/index.js';
import { csrfIn, FormClient, PASSWORD } from '../signin/test-support/fixtures.js';
import { unlockSubject } from '../throttle/throttle.js';
import { seedUser } from '../test-support/context.js';
import { call } from '../admin/test-support/fixture.js';
import { guestFixture, type GuestFixture } from './test-support/fixture.js';

forEachDialect('guests under hostile input', (get) => {
  let f: GuestFixture;
  let outsider: string;
  beforeAll(async () => {
    f = await guestFixture(get());
    outsider = `mallory@${f.domain}`;
    await seedUser(f.ctx, f.tenantId, outsider, { passwordHash: await hashPassword(f.ctx, PASSWORD) });
  });
  afterAll(async () => { await f.app.close(); });

  it('an arbitrary tenant hint never lets a non-guest past the password step: a schema refusal or the generic failure', async () => {
    const client = new FormClient(f.app);
    const csrf = csrfIn((await client.get('/signin')).body);
    const hints = fc.oneof(fc.string({ maxLength: 80 }), fc.domain(), fc.constantFrom(f.resource.domain, f.resource.domain.toUpperCase(), `${f.resource.domain}.`));
    await fc.assert(fc.asyncProperty(hints, async (tenant) => {
      // Each refusal counts against the name: release it so every run reaches the guest check.
      await unlockSubject(f.ctx, outsider);
      const answer = await client.post('/signin', { csrf, email: outsider, password: PASSWORD, tenant });
      expect([400, 401]).toContain(answer.statusCode);
      expect(client.cookies.has('tessera_signin')).toBe(false);
      expect(client.cookies.has('tessera_session')).toBe(false);
    }), { numRuns: 40 });
  });

  it('arbitrary home domains in the trust routes are refused cleanly and change nothing', async () => {
    await fc.assert(fc.asyncProperty(fc.oneof(fc.string({ minLength: 1, maxLength: 60 }), fc.domain()), async (domain) => {
      const answer = await call(f.app, 'PUT', `/api/admin/cross-tenant/${encodeURIComponent(domain)}`, f.resource.adminToken, { trustHomeMfa: true });
      expect([400, 404]).toContain(answer.statusCode);
    }), { numRuns: 40 });
    const rows = await f.ctx.db.selectFrom('cross_tenant_trust').select('tenant_id').where('tenant_id', '=', f.resource.tenantId).execute();
    expect(rows).toEqual([]);
  });
});
