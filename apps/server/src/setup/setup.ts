/**
 * Completing setup: with a live setup token, create a tenant and its first admin (with a
 * password) in one transaction. The token is used up in the same transaction, so a failure
 * (a weak password, a taken domain) leaves it usable and nothing half-created; success leaves
 * it dead. The admin then registers a second factor: from the browser that sent the form, in the
 * registration-only session the setup route opens (`session.ts`); after a JSON call, by signing in.
 *
 * @module
 */
import { recordAudit } from '../audit/record.js';
import type { ServerContext } from '../context.js';
import { ServerError } from '../errors.js';
import { checkPasswordPolicy } from '../passwords/policy.js';
import { createTenant, inTransaction } from '../tenants/tenants.js';
import { parseEmail } from '../users/email.js';
import { cleanDisplayName, createUser } from '../users/users.js';
import { consumeSetupToken } from './tokens.js';

/** What the setup form collects. */
export interface SetupInput {
  readonly token: string;
  readonly tenantName: string;
  /** Domains of the tenant; the admin's email domain is always included. */
  readonly domains?: readonly string[];
  readonly adminEmail: string;
  readonly adminName: string;
  readonly password: string;
}

/** Creates the tenant and its admin; throws `ERR_SETUP_TOKEN_INVALID` for a dead or unknown token. */
export async function completeSetup(ctx: ServerContext, input: SetupInput, ip: string | null = null): Promise<{ tenantId: string; userId: string }> {
  const { email, domain } = parseEmail(input.adminEmail);
  const displayName = cleanDisplayName(input.adminName);
  checkPasswordPolicy(input.password, { email, displayName });
  const domains = [domain, ...(input.domains ?? [])];
  return inTransaction(ctx.db, async (trx) => {
    if (!(await consumeSetupToken(trx, ctx.now(), input.token))) {
      throw new ServerError('ERR_SETUP_TOKEN_INVALID', 'this setup link is not valid: it was used already, has expired or is mistyped');
    }
    const inTrx = { ...ctx, db: trx };
    const { tenantId } = await createTenant(inTrx, { name: input.tenantName, domains });
    const admin = await createUser(inTrx, { tenantId, email, displayName, role: 'admin', password: input.password }, { userId: null, ip });
    await recordAudit(inTrx, { tenantId, action: 'setup.complete', actorUserId: admin.id, targetUserId: admin.id, ip, detail: { domains } });
    return { tenantId, userId: admin.id };
  });
}
