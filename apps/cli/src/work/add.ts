/**
 * `tessera work add`: sign in at the organisation's server, register this device with a new
 * device-bound key, and put the work account into the vault in its place (at the end, like any
 * new account). Adding an account the vault already has (restored, or on a clone) registers
 * this device for it instead of adding a second copy, and removes the registration it replaces.
 *
 * @module
 */
import { addWorkAccount, findWorkAccount, updateWorkDetails, type WorkAccount, type WorkDetails } from '@tessera/core';
import type { CommandContext } from '../context.js';
import { CliError } from '../errors.js';
import { workKeyStore } from './accounts.js';
import { deleteWorkKey } from './key-store.js';
import { defaultDeviceName, registerThisDevice, removeRegistration, type Registration } from './registration.js';
import { resolveWorkTarget } from './server-address.js';
import { endSignIn, signInToServer } from './sign-in.js';

/** Options of {@link addWork}. */
export interface AddWorkOptions {
  readonly server?: string;
  readonly deviceName?: string;
  /** Shown as the account's issuer; default the organisation's domain. */
  readonly issuer?: string;
  /** For a guest: a domain of the organisation (resource tenant) the account is in. */
  readonly tenant?: string;
}

/** What was added (or registered again). */
export interface AddedWork {
  readonly account: WorkAccount;
  readonly registered: 'added' | 'registered-again';
  readonly deviceName: string;
}

function detailsFor(serverUrl: string, who: { email: string; name: string }, registration: Registration, options: AddWorkOptions): { work: WorkDetails; issuer: string } {
  const { registrationId, allowSecretBackup } = registration;
  const home = who.email.slice(who.email.lastIndexOf('@') + 1);
  const guest = options.tenant !== undefined && options.tenant.toLowerCase() !== home ? options.tenant.toLowerCase() : undefined;
  // The server names no tenant to its users; within one server a tenant is known by its email domain.
  const tenantId = guest ?? home;
  const issuer = options.issuer ?? tenantId;
  return {
    work: { serverUrl, tenantId, tenantName: issuer, username: who.email, displayName: who.name, registrationId, allowSecretBackup, ...(guest === undefined ? {} : { homeTenantId: home }) },
    issuer,
  };
}

/**
 * Runs the whole of `tessera work add TARGET`.
 *
 * @example
 * ```ts
 * const { account } = await addWork(ctx, 'ada@example.org', { server: 'https://id.example.org' });
 * ```
 */
export async function addWork(ctx: CommandContext, target: string, options: AddWorkOptions): Promise<AddedWork> {
  const { serverUrl, email } = resolveWorkTarget(target, options.server);
  const vaultId = await ctx.vault.update((vault) => ({ vault, result: vault.vaultId }), { create: true });
  const tenant = options.tenant?.toLowerCase();
  const guestOf = tenant === undefined || email?.endsWith(`@${tenant}`) === true ? undefined : tenant;
  const signIn = await signInToServer(ctx, serverUrl, `Adding ${email ?? serverUrl}${guestOf === undefined ? '' : ` as a guest of ${guestOf}`}`, guestOf);
  try {
    if (email !== undefined && signIn.email !== email) {
      throw new CliError('ERR_WORK_ACCOUNT_MISMATCH', `The browser signed in as ${signIn.email}, not ${email}; nothing was added.`);
    }
    const store = workKeyStore(ctx, vaultId);
    const deviceName = options.deviceName ?? defaultDeviceName();
    const registration = await registerThisDevice(store, signIn, deviceName);
    const { registrationId, allowSecretBackup } = registration;
    const { work, issuer } = detailsFor(serverUrl, signIn, registration, options);
    const outcome = await ctx.vault.update<{ account: WorkAccount; registered: AddedWork['registered']; replaced: string | undefined }>((vault) => {
      const existing = findWorkAccount(vault, work);
      if (existing === undefined) {
        const added = addWorkAccount(vault, { issuer, label: signIn.email, work }, { now: ctx.io.now(), random: ctx.io.random });
        return { vault: added.vault, result: { account: added.account, registered: 'added', replaced: undefined } };
      }
      const next = updateWorkDetails(vault, existing.id, { registrationId, allowSecretBackup }, { now: ctx.io.now() });
      const account = next.accounts.find((a) => a.id === existing.id) as WorkAccount;
      return { vault: next, result: { account, registered: 'registered-again', replaced: existing.work.registrationId } };
    });
    if (outcome.replaced !== undefined && outcome.replaced !== registrationId) {
      await deleteWorkKey(store, outcome.replaced);
      // The replaced registration would keep receiving requests; a pass session cannot remove it (IT can).
      await removeRegistration(signIn, outcome.replaced).catch(() => undefined);
    }
    return { account: outcome.account, registered: outcome.registered, deviceName };
  } finally {
    await endSignIn(signIn);
  }
}
