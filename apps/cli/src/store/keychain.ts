/**
 * The OS keychain, where the device key lives when one is available: the Secret Service via
 * `secret-tool` (libsecret) on Linux and other Unixes, the login keychain via `security` on
 * macOS. We run the platform's own tool rather than link a native module. Secrets travel on
 * stdin, never in argv (which other users can read in `ps`). Every run has a timeout, because a
 * keyring that wants to show an unlock prompt with no display would otherwise hang the CLI.
 *
 * "Available" means the tool exists and a probe lookup answers (found or not found); a tool
 * without a D-Bus session or keychain fails the probe. Windows has no supported keychain yet.
 *
 * @module
 */
import { spawn } from 'node:child_process';
import { CliError } from '../errors.js';

/** A place to keep one secret per vault, keyed by the vault id. */
export interface Keychain {
  /** Human-readable name, for messages. */
  readonly name: string;
  lookup(vaultId: string): Promise<string | undefined>;
  store(vaultId: string, secret: string): Promise<void>;
  remove(vaultId: string): Promise<void>;
}

/** How a tool ended: its exit code (-1 when it could not be started or timed out) and output. */
export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a program without a shell. Injectable so the keychain adapters are testable anywhere. */
export type CommandRunner = (file: string, args: readonly string[], input?: string) => Promise<CommandResult>;

/** Per-call timeout for keychain tools. */
export const KEYCHAIN_TIMEOUT_MS = 5_000;

const SERVICE = 'tessera';

/**
 * The real runner: `spawn` without a shell, `input` on stdin, killed after {@link KEYCHAIN_TIMEOUT_MS}.
 *
 * @example
 * ```ts
 * const { code, stdout } = await runCommand('secret-tool', ['lookup', 'service', 'tessera', 'vault', id]);
 * ```
 */
export const runCommand: CommandRunner = (file, args, input) =>
  new Promise((resolve) => {
    const child = spawn(file, args, { stdio: ['pipe', 'pipe', 'pipe'], timeout: KEYCHAIN_TIMEOUT_MS });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', (error) => {
      resolve({ code: -1, stdout, stderr: error.message });
    });
    child.on('close', (code) => {
      resolve({ code: code ?? -1, stdout, stderr });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ?? '');
  });

/**
 * The Secret Service through `secret-tool`, with attributes `service=tessera vault=<vaultId>`.
 *
 * @example
 * ```ts
 * await secretToolKeychain().store(vaultId, identity);
 * ```
 */
export function secretToolKeychain(run: CommandRunner = runCommand): Keychain {
  const attributes = (vaultId: string): string[] => ['service', SERVICE, 'vault', vaultId];
  const name = 'the Secret Service keyring (secret-tool)';
  return {
    name,
    async lookup(vaultId) {
      const result = await run('secret-tool', ['lookup', ...attributes(vaultId)]);
      if (result.code === 0 && result.stdout.trim() !== '') return result.stdout.trim();
      // Exit 1 with nothing on stderr is secret-tool's "no such item".
      if (result.code === 0 || (result.code === 1 && result.stderr.trim() === '')) return undefined;
      throw keychainFailed('look up the device key in', name, result);
    },
    async store(vaultId, secret) {
      const result = await run('secret-tool', ['store', '--label=Tessera device key', ...attributes(vaultId)], secret);
      if (result.code !== 0) throw keychainFailed('store the device key in', name, result);
    },
    async remove(vaultId) {
      const result = await run('secret-tool', ['clear', ...attributes(vaultId)]);
      if (result.code !== 0 && result.stderr.trim() !== '') throw keychainFailed('remove the device key from', name, result);
    },
  };
}

/** `security`'s exit status for "the specified item could not be found". */
const MACOS_NOT_FOUND = 44;

/**
 * The macOS login keychain through `security`, as a generic password with service `tessera`
 * and account `<vaultId>`. Stores through `security -i` so the secret is read from stdin.
 *
 * @example
 * ```ts
 * const identity = await macosKeychain().lookup(vaultId);
 * ```
 */
export function macosKeychain(run: CommandRunner = runCommand): Keychain {
  const name = 'the macOS login keychain';
  return {
    name,
    async lookup(vaultId) {
      const result = await run('security', ['find-generic-password', '-s', SERVICE, '-a', vaultId, '-w']);
      if (result.code === 0) return result.stdout.trim();
      if (result.code === MACOS_NOT_FOUND) return undefined;
      throw keychainFailed('look up the device key in', name, result);
    },
    async store(vaultId, secret) {
      if (!/^[A-Za-z0-9-]+$/.test(vaultId) || !/^[A-Za-z0-9-]+$/.test(secret)) {
        throw new TypeError('vault id and device key must be plain alphanumeric text');
      }
      const command = `add-generic-password -U -s ${SERVICE} -a ${vaultId} -l tessera-device-key -w ${secret}\n`;
      const result = await run('security', ['-i'], command);
      if (result.code !== 0 || result.stderr.trim() !== '') throw keychainFailed('store the device key in', name, result);
    },
    async remove(vaultId) {
      const result = await run('security', ['delete-generic-password', '-s', SERVICE, '-a', vaultId]);
      if (result.code !== 0 && result.code !== MACOS_NOT_FOUND) throw keychainFailed('remove the device key from', name, result);
    },
  };
}

/** Options of {@link detectKeychain}. */
export interface DetectKeychainOptions {
  /** `'off'` (from `TESSERA_KEYCHAIN=off`) never uses a keychain. */
  readonly mode: 'auto' | 'off';
  readonly platform: NodeJS.Platform;
  readonly run?: CommandRunner;
}

/**
 * The keychain to use on this machine, or `null` when there is none that works (then the
 * device key goes to a 0600 file). Probes with a lookup of an item that never exists.
 *
 * @example
 * ```ts
 * const keychain = await detectKeychain({ mode: env.TESSERA_KEYCHAIN === 'off' ? 'off' : 'auto', platform: process.platform });
 * ```
 */
export async function detectKeychain(options: DetectKeychainOptions): Promise<Keychain | null> {
  if (options.mode === 'off' || options.platform === 'win32') return null;
  const run = options.run ?? runCommand;
  const keychain = options.platform === 'darwin' ? macosKeychain(run) : secretToolKeychain(run);
  try {
    await keychain.lookup('availability-probe');
    return keychain;
  } catch {
    return null;
  }
}

function keychainFailed(action: string, name: string, result: CommandResult): CliError {
  // The tools' stderr never contains the secret; keep it short and on one line.
  const detail = result.stderr.trim().replace(/\s+/g, ' ').slice(0, 200);
  return new CliError(
    'ERR_KEYCHAIN_FAILED',
    `Could not ${action} ${name}${detail === '' ? '' : `: ${detail}`}. Set TESSERA_KEYCHAIN=off to keep the key in a file instead.`,
  );
}
