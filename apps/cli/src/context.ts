/**
 * What every command receives: I/O, output style, the vault (through the encrypted file store),
 * and the native HMAC. Built once per invocation in `cli.ts` from the global options.
 *
 * @module
 */
import type { HmacFunction, Vault } from '@tessera/core';
import type { DeviceSealer } from './backup/settings.js';
import type { CliIo } from './io.js';
import type { Keychain } from './store/keychain.js';
import type { Style } from './terminal/style.js';

/** Options of {@link VaultAccess.update}. */
export interface UpdateVaultOptions {
  /** Creates the vault first when there is none yet. */
  readonly create?: boolean;
}

/** Read and change the vault. Implemented over the encrypted file store in `vault-access.ts`. */
export interface VaultAccess {
  /** The folder holding the vault, for messages. */
  readonly dir: string;
  /** The vault, or `undefined` when none has been created yet. */
  read(): Promise<Vault | undefined>;
  /**
   * Applies `change` under the vault lock and writes the result durably before returning.
   * `change` must be pure: it may run against the newest state on disk. Without a vault this is
   * `ERR_VAULT_NOT_FOUND`, unless `create` is set (only commands that add something set it).
   */
  update<T>(change: (vault: Vault) => { vault: Vault; result: T }, options?: UpdateVaultOptions): Promise<T>;
  /** Encryption to this device's key, for files beside the vault such as `backup.age`. */
  readonly sealer: DeviceSealer;
  /** The OS keychain the vault's device key uses (`null`: none), probed once per command; work keys go there too. */
  readonly keychain: () => Promise<Keychain | null>;
  /** Creates the vault with exactly this content (a restore onto a new device); `ERR_VAULT_EXISTS` if there is one. */
  create(vault: Vault): Promise<void>;
}

/** The context of one command invocation. */
export interface CommandContext {
  readonly io: CliIo;
  readonly style: Style;
  readonly vault: VaultAccess;
  readonly hmac: HmacFunction;
  readonly platform: NodeJS.Platform;
}

/** Prints a value as pretty JSON on stdout (the `--json` output of read commands). */
export function printJson(ctx: CommandContext, value: unknown): void {
  ctx.io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Prints a line on stdout. */
export function println(ctx: CommandContext, line = ''): void {
  ctx.io.stdout.write(`${line}\n`);
}
