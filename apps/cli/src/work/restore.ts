/**
 * `tessera work restore`: after a restore (or on a copied vault), each work account that needs
 * sign-in is walked through: sign in as that account (password and second factor, or a
 * Temporary Access Pass), register this device, then offer to remove the registrations of the
 * user's other devices — the old phone's key is gone with it, and a registration left behind
 * would keep receiving sign-in requests.
 *
 * @module
 */
import { resolveAccount, setWorkRegistration, type WorkAccount } from '@tessera/core';
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
  /** Remove the other registrations without asking; `false`: keep them without asking. */
  readonly removeOld?: boolean;
}

/** What happened to one account. */
export interface RestoredWork {
  readonly account: WorkAccount;
  readonly registrationId: string;
  readonly removed: readonly RegisteredDevice[];
  readonly kept: readonly RegisteredDevice[];
  /** Why the old registrations could not be removed, when they could not. */
  readonly removeFailed: string | undefined;
}

async function shouldRemove(ctx: CommandContext, device: RegisteredDevice, options: RestoreWorkOptions): Promise<boolean> {
  if (options.removeOld !== undefined) return options.removeOld;
  if (ctx.io.stdin.isTTY !== true) return false;
  const seen = device.lastSeenAt === undefined ? 'never seen' : `last seen ${new Date(device.lastSeenAt).toISOString()}`;
  return confirm(ctx.io, `Remove the old registration "${device.name}" (${seen})? It can no longer approve sign-ins.`);
}

async function cleanUp(ctx: CommandContext, signIn: WorkSignIn, keep: string, options: RestoreWorkOptions): Promise<Pick<RestoredWork, 'removed' | 'kept' | 'removeFailed'>> {
  const others = (await listRegistrations(signIn)).filter((d) => d.id !== keep);
  const removed: RegisteredDevice[] = [];
  const kept: RegisteredDevice[] = [];
  for (const device of others) {
    if (!(await shouldRemove(ctx, device, options))) {
      kept.push(device);
      continue;
    }
    try {
      await removeRegistration(signIn, device.id);
      removed.push(device);
    } catch (error) {
      if (!isServerRequestError(error) || error.status !== 403) throw error;
      // A Temporary Access Pass may register but not remove: the admin removes it, or a later full sign-in.
      return { removed, kept: [...kept, ...others.filter((d) => !removed.includes(d) && !kept.includes(d))], removeFailed: 'a sign-in with a Temporary Access Pass cannot remove devices' };
    }
  }
  return { removed, kept, removeFailed: undefined };
}

async function restoreOne(ctx: CommandContext, store: WorkKeyStoreContext, account: WorkAccount, options: RestoreWorkOptions): Promise<RestoredWork> {
  const guestOf = account.work.homeTenantId === undefined ? undefined : account.work.tenantId;
  const what = `Signing in to ${account.work.username}${guestOf === undefined ? '' : ` (guest of ${guestOf}, signing in at ${account.work.homeTenantId ?? ''})`}`;
  const signIn = await signInToServer(ctx, account.work.serverUrl, what, guestOf);
  try {
    if (signIn.email !== account.work.username.toLowerCase()) {
      throw new CliError('ERR_WORK_ACCOUNT_MISMATCH', `The browser signed in as ${signIn.email}, not ${account.work.username}; sign in as that account.`);
    }
    const registrationId = await registerThisDevice(store, signIn, options.deviceName ?? defaultDeviceName());
    await ctx.vault.update((vault) => ({ vault: setWorkRegistration(vault, account.id, registrationId, { now: ctx.io.now() }), result: undefined }));
    return { account, registrationId, ...(await cleanUp(ctx, signIn, registrationId, options)) };
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
