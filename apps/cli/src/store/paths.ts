/**
 * Where the local vault lives. One pure function decides, from an explicit `--vault-dir` flag,
 * the environment and the platform, so every rule is unit-testable without touching the real
 * home directory. Precedence: flag > `TESSERA_VAULT_DIR` > `$XDG_DATA_HOME/tessera` (not on
 * Windows) > the platform's data folder.
 *
 * @module
 */
import { posix, win32 } from 'node:path';

/** Inputs of {@link resolveVaultDir}; the CLI passes `process.env`, `process.platform` and `os.homedir()`. */
export interface VaultDirInputs {
  /** Value of `--vault-dir`, when given. */
  readonly flag?: string;
  readonly env: NodeJS.ProcessEnv;
  readonly platform: NodeJS.Platform;
  readonly homedir: string;
}

/**
 * The vault folder to use. Empty strings count as unset. Relative `XDG_DATA_HOME` values are
 * ignored, as the XDG Base Directory spec requires; relative flag or `TESSERA_VAULT_DIR`
 * values are returned as given (resolved against the working directory by the file system).
 *
 * @example
 * ```ts
 * resolveVaultDir({ env: {}, platform: 'linux', homedir: '/home/ada' });
 * // → '/home/ada/.local/share/tessera'
 * resolveVaultDir({ env: { APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' }, platform: 'win32', homedir: 'C:\\Users\\ada' });
 * // → 'C:\\Users\\ada\\AppData\\Roaming\\Tessera'
 * ```
 */
export function resolveVaultDir(inputs: VaultDirInputs): string {
  const explicit = nonEmpty(inputs.flag) ?? nonEmpty(inputs.env['TESSERA_VAULT_DIR']);
  if (explicit !== undefined) return explicit;
  if (inputs.platform === 'win32') return windowsDataDir(inputs);
  const xdg = nonEmpty(inputs.env['XDG_DATA_HOME']);
  if (xdg !== undefined && posix.isAbsolute(xdg)) return posix.join(xdg, 'tessera');
  if (inputs.platform === 'darwin') return posix.join(inputs.homedir, 'Library', 'Application Support', 'Tessera');
  return posix.join(inputs.homedir, '.local', 'share', 'tessera');
}

function windowsDataDir(inputs: VaultDirInputs): string {
  // %APPDATA% is the roaming profile folder; fall back to its usual place if it is unset.
  const appData = nonEmpty(inputs.env['APPDATA']) ?? win32.join(inputs.homedir, 'AppData', 'Roaming');
  return win32.join(appData, 'Tessera');
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
