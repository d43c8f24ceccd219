/**
 * The work accounts of this vault and whether this device can act for each: registered here
 * (its key is in this machine's store) or "needs sign-in". This is also where a clone is found
 * out: an account that names a registration whose key this machine cannot open (the vault
 * folder was copied from another machine) or does not have (a restore) loses the registration
 * in the vault, and a key sealed elsewhere is deleted, so it can never approve from here.
 *
 * @module
 */
import { orderedAccounts, setWorkRegistration, type Vault, type WorkAccount } from '@tessera/core';
import type { CommandContext } from '../context.js';
import { CliError } from '../errors.js';
import { machineIdFromEnv } from '../store/machine-id.js';
import { deleteWorkKey, loadWorkKey, type LoadedWorkKey, type WorkKeyStoreContext } from './key-store.js';

/** One work account and what this device can do for it. */
export interface WorkAccountState {
  readonly account: WorkAccount;
  /** Set when this device is registered and holds the key. */
  readonly key: LoadedWorkKey | undefined;
  /** Why the account needs sign-in, when it does. */
  readonly reason: string | undefined;
}

/**
 * The device-bound key store of the vault `vaultId` for this command. The machine id is looked
 * up once per store, as every account's key is loaded through it; the keychain is the vault's
 * own, so the command probes it (which runs the keychain's tool) at most once.
 */
export function workKeyStore(ctx: CommandContext, vaultId: string): WorkKeyStoreContext {
  const readId = machineIdFromEnv(ctx.io.env);
  let machineId: Promise<string> | undefined;
  return {
    dir: ctx.vault.dir,
    vaultId,
    rawMachineId: () => (machineId ??= readId()),
    keychain: ctx.vault.keychain,
  };
}

/** The vault, or `ERR_VAULT_NOT_FOUND`. */
export async function requireVault(ctx: CommandContext): Promise<Vault> {
  const vault = await ctx.vault.read();
  if (vault === undefined) throw new CliError('ERR_VAULT_NOT_FOUND', `No vault in ${ctx.vault.dir} yet. Add an account first (tessera add, tessera work add).`);
  return vault;
}

const NOT_REGISTERED = 'not registered on this device (restored from a backup, or never signed in here)';
const FOREIGN = 'this vault was copied from another machine: the key stayed behind, and was discarded here';
const MISSING = 'this device\'s key for it is missing';

async function stateOf(store: WorkKeyStoreContext, account: WorkAccount): Promise<{ state: WorkAccountState; discard: boolean }> {
  const registrationId = account.work.registrationId;
  if (registrationId === undefined) return { state: { account, key: undefined, reason: NOT_REGISTERED }, discard: false };
  const found = await loadWorkKey(store, registrationId);
  if (found.status === 'ok') return { state: { account, key: found.key, reason: undefined }, discard: false };
  if (found.status === 'foreign') await deleteWorkKey(store, registrationId);
  return { state: { account, key: undefined, reason: found.status === 'foreign' ? FOREIGN : MISSING }, discard: true };
}

/**
 * Every work account in order with its state; registrations whose key is not here are cleared
 * from the vault (they become "needs sign-in").
 *
 * @example
 * ```ts
 * const { states } = await workAccountStates(ctx);
 * const usable = states.filter((s) => s.key !== undefined);
 * ```
 */
export async function workAccountStates(ctx: CommandContext): Promise<{ vault: Vault; states: WorkAccountState[]; store: WorkKeyStoreContext }> {
  let vault = await requireVault(ctx);
  const store = workKeyStore(ctx, vault.vaultId);
  const accounts = orderedAccounts(vault).filter((a): a is WorkAccount => a.kind === 'work');
  const states: WorkAccountState[] = [];
  const discarded: string[] = [];
  for (const account of accounts) {
    const { state, discard } = await stateOf(store, account);
    states.push(state);
    if (discard) discarded.push(account.id);
  }
  if (discarded.length > 0) {
    vault = await ctx.vault.update((current) => {
      const next = discarded.reduce((v, id) => (v.accounts.some((a) => a.id === id) ? setWorkRegistration(v, id, undefined, { now: ctx.io.now() }) : v), current);
      return { vault: next, result: next };
    });
  }
  return { vault, states, store };
}
