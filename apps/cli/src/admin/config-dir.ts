/**
 * Where the CLI keeps its configuration, as opposed to the vault's data folder: the admin
 * sign-in (tokens for an organisation's server) is configuration of this user on this machine,
 * not part of the vault, so it follows the XDG config rules and is never backed up with the
 * vault. One pure function decides, so every rule is testable without the real home folder.
 * Precedence: `TESSERA_CONFIG_DIR` > `$XDG_CONFIG_HOME/tessera` (not on Windows) > the
 * platform's config folder.
 *
 * @module
 */
import { posix, win32 } from 'node:path';

/** Inputs of {@link resolveConfigDir}; the CLI passes its environment, `process.platform` and `os.homedir()`. */
export interface ConfigDirInputs {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform: NodeJS.Platform;
  readonly homedir: string;
}

/**
 * The configuration folder to use. Empty values count as unset, and a relative
 * `XDG_CONFIG_HOME` is ignored as the XDG Base Directory spec requires.
 *
 * @example
 * ```ts
 * resolveConfigDir({ env: {}, platform: 'linux', homedir: '/home/ada' }); // → '/home/ada/.config/tessera'
 * ```
 */
export function resolveConfigDir(inputs: ConfigDirInputs): string {
  const explicit = nonEmpty(inputs.env['TESSERA_CONFIG_DIR']);
  if (explicit !== undefined) return explicit;
  if (inputs.platform === 'win32') {
    const appData = nonEmpty(inputs.env['APPDATA']) ?? win32.join(inputs.homedir, 'AppData', 'Roaming');
    return win32.join(appData, 'Tessera');
  }
  const xdg = nonEmpty(inputs.env['XDG_CONFIG_HOME']);
  if (xdg !== undefined && posix.isAbsolute(xdg)) return posix.join(xdg, 'tessera');
  if (inputs.platform === 'darwin') return posix.join(inputs.homedir, 'Library', 'Application Support', 'Tessera');
  return posix.join(inputs.homedir, '.config', 'tessera');
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
