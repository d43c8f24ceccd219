/**
 * `tessera admin login` and `tessera admin logout`. Login runs the device authorization grant:
 * the terminal shows a URL and a short code, the admin approves in a browser (password and
 * second factor never touch the terminal), and the tokens are stored for later commands.
 * Logout revokes them at the server when it offers revocation, then deletes them here.
 *
 * @module
 */
import { Command } from 'commander';
import type { CommandContext } from '../../context.js';
import { CliError } from '../../errors.js';
import { readSignIn, deleteSignIn, writeSignIn, type StoredSignIn } from '../credentials.js';
import { serverFromFlags, signInPath, type ConnectionFlags } from '../connection.js';
import { pollForTokens, startDeviceAuthorization, type DeviceAuthorization } from '../device-flow.js';
import { discover, revokeToken } from '../oidc.js';
import { done, type Ctx } from './shared.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function showInstructions(ctx: CommandContext, authorization: DeviceAuthorization): void {
  const minutes = Math.max(1, Math.round((authorization.expiresAt - ctx.io.now()) / 60_000));
  const lines = [
    `To sign in, open ${ctx.style.bold(authorization.verificationUri)}`,
    `and enter the code ${ctx.style.bold(authorization.userCode)}`,
    ...(authorization.verificationUriComplete === undefined ? [] : [`(or open ${authorization.verificationUriComplete} with the code filled in)`]),
    ctx.style.dim(`Waiting for approval in the browser; the code expires in ${minutes} minutes.`),
  ];
  ctx.io.stderr.write(`${lines.join('\n')}\n`);
}

async function storedServer(ctx: CommandContext): Promise<string | undefined> {
  return (await readSignIn(signInPath(ctx.io)).catch(() => undefined))?.server;
}

async function runLogin(ctx: CommandContext, flags: ConnectionFlags): Promise<void> {
  const server = serverFromFlags(ctx.io, flags) ?? (await storedServer(ctx));
  if (server === undefined) throw new CliError('ERR_ADMIN_SERVER_INVALID', 'Name the server to sign in to: tessera admin login --server https://id.example.com');
  const endpoints = await discover(server);
  const authorization = await startDeviceAuthorization(endpoints, ctx.io.now());
  showInstructions(ctx, authorization);
  const tokens = await pollForTokens(endpoints, authorization, { now: ctx.io.now, sleep });
  const path = signInPath(ctx.io);
  const previous = await readSignIn(path).catch(() => undefined);
  await writeSignIn(path, { server, ...tokens });
  // The replaced sign-in would otherwise stay valid at its server until it expired.
  if (previous !== undefined) await revokeAll(ctx, previous, { quiet: true });
  done(ctx, `Signed in to ${server}. The sign-in is stored in ${path} (readable only by you).`);
}

async function revokeAll(ctx: CommandContext, stored: StoredSignIn, options: { quiet?: boolean } = {}): Promise<boolean> {
  try {
    const endpoints = await discover(stored.server);
    if (endpoints.revocationEndpoint === undefined) return false;
    const refreshRevoked = stored.refreshToken === undefined || (await revokeToken(endpoints, stored.refreshToken, 'refresh_token'));
    const accessRevoked = await revokeToken(endpoints, stored.accessToken, 'access_token');
    return refreshRevoked && accessRevoked;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (options.quiet !== true) ctx.io.stderr.write(ctx.style.yellow(`Could not revoke the tokens at the server (${reason}); they end on their own when they expire.\n`));
    return false;
  }
}

async function runLogout(ctx: CommandContext): Promise<void> {
  const path = signInPath(ctx.io);
  const stored = await readSignIn(path).catch((error: unknown) => {
    ctx.io.stderr.write(ctx.style.yellow(`${error instanceof Error ? error.message : String(error)} Deleting it.\n`));
    return undefined;
  });
  const revoked = stored === undefined ? false : await revokeAll(ctx, stored);
  const deleted = await deleteSignIn(path);
  if (stored === undefined && !deleted) {
    done(ctx, 'Not signed in; nothing to do.');
    return;
  }
  done(ctx, stored === undefined ? 'Signed out.' : `Signed out of ${stored.server}${revoked ? '; the tokens were revoked at the server' : ''}.`);
}

/** `tessera admin login`. */
export function loginCommand(context: Ctx): Command {
  return new Command('login')
    .summary('sign in as an admin through your browser (OAuth device flow)')
    .addHelpText('after', '\nExamples:\n  tessera admin login --server https://id.example.com')
    .action(async (_options: unknown, command: Command) => {
      await runLogin(await context(), command.optsWithGlobals<ConnectionFlags>());
    });
}

/** `tessera admin logout`. */
export function logoutCommand(context: Ctx): Command {
  return new Command('logout')
    .summary('revoke and forget the stored admin sign-in')
    .action(async () => {
      await runLogout(await context());
    });
}
