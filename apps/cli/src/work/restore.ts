/**
 * `tessera work restore`: after a restore (or on a copied vault), each work account that needs
 * sign-in is walked through: sign in as that account (password and second factor, or a
 * Temporary Access Pass), register this device, then offer to remove the registration of the
 * device that wrote the backup (`previousRegistrationId`) — and only that one: the old phone's
 * key is gone with it, and a registration left behind would keep receiving sign-in requests,
 * while the user's other devices may well be in use.
 *
 * @module
 */
import { resolveAccount, updateWorkDetails, type WorkAccount } from '@tessera/core';
import type { CommandContext } from '../context.js';
import { CliError } from '../errors.js';
import { isServerRequestError } from '../admin/server-error.js';
import { confirm } from '../terminal/prompt.js';
import { workAccountStates } from './accounts.js';
import { defaultDeviceName, listRegistrations, registerThisDevice, removeRegistration, type RegisteredDevice } from './registration.js';
import { endSignIn, signInToServer, type WorkSignIn } from './sign-in.js';
import type { WorkKeyStoreContext } from './key-store.js';

/** Options of {@link restoreWork}. */
export interface RestoreWorkOptions {
  /** Only this account (a query as `tessera code` takes). */
  readonly account?: string;
  readonly deviceName?: string;
  /** Remove the old device's registration without asking; `false`: keep it without asking. */
  readonly removeOld?: boolean;
}

/** What happened to one account. */
export interface RestoredWork {
  readonly account: WorkAccount;
  readonly registrationId: string;
  readonly removed: readonly RegisteredDevice[];
  readonly kept: readonly RegisteredDevice[];
  /** Why the old registration could not be removed, when it could not. */
  readonly removeFailed: string | undefined;
  /** The old registration's id when the server no longer has it (removed by IT, an MFA reset). */
  readonly alreadyGone: string | undefined;
}

/** What there is to do about the old device's registration. */
export type OldRegistration =
  | { readonly kind: 'none' }
  | { readonly kind: 'gone'; readonly id: string }
  | { readonly kind: 'offer'; readonly device: RegisteredDevice };

/**
 * The old device's registration to offer for removal: the one the restored account names, if
 * the server still has it; never this device's new one, and never any other device's.
 *
 * @example
 * ```ts
 * oldRegistration(account.work.previousRegistrationId, await listRegistrations(signIn), newId);
 * ```
 */
export function oldRegistration(previousId: string | undefined, live: readonly RegisteredDevice[], current: string): OldRegistration {
  if (previousId === undefined || previousId === current) return { kind: 'none' };
  const device = live.find((d) => d.id === previousId);
  return device === undefined ? { kind: 'gone', id: previousId } : { kind: 'offer', device };
}

async function shouldRemove(ctx: CommandContext, device: RegisteredDevice, options: RestoreWorkOptions): Promise<boolean> {
  if (options.removeOld !== undefined) return options.removeOld;
  if (ctx.io.stdin.isTTY !== true) return false;
  const seen = device.lastSeenAt === undefined ? 'never seen' : `last seen ${new Date(device.lastSeenAt).toISOString()}`;
  return confirm(ctx.io, `Remove the old registration "${device.name}" (${seen})? It can no longer approve sign-ins.`);
}

type CleanUp = Pick<RestoredWork, 'removed' | 'kept' | 'removeFailed' | 'alreadyGone'>;

async function cleanUp(ctx: CommandContext, signIn: WorkSignIn, previousId: string | undefined, keep: string, options: RestoreWorkOptions): Promise<CleanUp> {
  const none: CleanUp = { removed: [], kept: [], removeFailed: undefined, alreadyGone: undefined };
  if (previousId === undefined) return none;
  const old = oldRegistration(previousId, await listRegistrations(signIn), keep);
  if (old.kind === 'none') return none;
  if (old.kind === 'gone') return { ...none, alreadyGone: old.id };
  if (!(await shouldRemove(ctx, old.device, options))) return { ...none, kept: [old.device] };
  try {
    await removeRegistration(signIn, old.device.id);
    return { ...none, removed: [old.device] };
  } catch (error) {
    if (!isServerRequestError(error) || error.status !== 403) throw error;
    // A Temporary Access Pass may register but not remove: the admin removes it, or a later full sign-in.
    return { ...none, kept: [old.device], removeFailed: 'a sign-in with a Temporary Access Pass cannot remove devices' };
  }
}

async function restoreOne(ctx: CommandContext, store: WorkKeyStoreContext, account: WorkAccount, options: RestoreWorkOptions): Promise<RestoredWork> {
  const guestOf = account.work.homeTenantId === undefined ? undefined : account.work.tenantId;
  const what = `Signing in to ${account.work.username}${guestOf === undefined ? '' : ` (guest of ${guestOf}, signing in at ${account.work.homeTenantId ?? ''})`}`;
  const signIn = await signInToServer(ctx, account.work.serverUrl, what, guestOf);
  try {
    if (signIn.email !== account.work.username.toLowerCase()) {
      throw new CliError('ERR_WORK_ACCOUNT_MISMATCH', `The browser signed in as ${signIn.email}, not ${account.work.username}; sign in as that account.`);
    }
    const { registrationId, allowSecretBackup } = await registerThisDevice(store, signIn, options.deviceName ?? defaultDeviceName());
    await ctx.vault.update((vault) => ({ vault: updateWorkDetails(vault, account.id, { registrationId, allowSecretBackup }, { now: ctx.io.now() }), result: undefined }));
    const cleaned = await cleanUp(ctx, signIn, account.work.previousRegistrationId, registrationId, options);
    // Offered once: whatever the answer, the old id has served (a kept one is for IT to remove).
    await ctx.vault.update((vault) => ({
      vault: vault.accounts.some((a) => a.id === account.id) ? updateWorkDetails(vault, account.id, { previousRegistrationId: null }, { now: ctx.io.now() }) : vault,
      result: undefined,
    }));
    return { account, registrationId, ...cleaned };
  } finally {
    await endSignIn(signIn);
  }
}

/**
 * Signs in and registers this device for every work account that needs it (or the one named).
 *
 * @example
 * ```ts
 * const done = await restoreWork(ctx, { removeOld: true });
 * ```
 */
export async function restoreWork(ctx: CommandContext, options: RestoreWorkOptions, report: (done: RestoredWork) => void): Promise<RestoredWork[]> {
  const { vault, states, store } = await workAccountStates(ctx);
  const only = options.account === undefined ? undefined : resolveAccount(vault, options.account).id;
  const todo = states.filter((s) => s.key === undefined && (only === undefined || s.account.id === only));
  if (only !== undefined && todo.length === 0) {
    throw new CliError('ERR_USAGE', `${options.account ?? ''} is registered on this device already, or is not a work account.`);
  }
  const done: RestoredWork[] = [];
  for (const state of todo) {
    const restored = await restoreOne(ctx, store, state.account, options);
    report(restored);
    done.push(restored);
  }
  return done;
}
