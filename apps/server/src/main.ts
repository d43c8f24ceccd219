/**
 * `tessera-server`: reads the configuration, opens the database, prints warnings about insecure
 * settings, listens, and shuts down gracefully on SIGINT/SIGTERM (stop accepting, finish
 * in-flight requests, close the database). On a server without any tenant it prints a one-time
 * setup link (to the terminal only — never to the log sink) so the operator can create the first
 * tenant and its admin. `tessera-server setup-token` prints a fresh link and exits (to create
 * another tenant, or when the first link expired).
 *
 * @module
 */
import { buildApp } from './app.js';
import { createContext } from './bootstrap/context.js';
import { loadConfig } from './config/config.js';
import { isServerError } from './errors.js';
import { firstStartSetupToken, issueSetupToken } from './setup/tokens.js';
import { jsonLogger } from './bootstrap/logger.js';

async function serve(): Promise<void> {
  const { config, warnings } = loadConfig(process.env);
  for (const warning of warnings) process.stderr.write(`tessera-server: WARNING: ${warning}\n`);
  const ctx = await createContext(config, { log: jsonLogger(config) });
  const setup = await firstStartSetupToken(ctx);
  const app = await buildApp(ctx, { logger: config.logLevel !== 'silent' });
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    void app.close().then(() => ctx.close()).then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGINT', () => { stop('SIGINT'); });
  process.on('SIGTERM', () => { stop('SIGTERM'); });
  const address = await app.listen({ host: config.host, port: config.port });
  // One write, so whoever reads the listening line reads the setup link with it.
  const setupNote = setup === undefined ? '' : `tessera-server: no organisation yet. Open this one-time link within 24 hours to create it and its administrator:\n  ${setup.url}\n`;
  process.stderr.write(`tessera-server: listening on ${address} (public URL ${config.publicUrl})\n${setupNote}`);
}

// `tessera-server setup-token`: a new one-time setup link, printed once.
async function printSetupToken(): Promise<void> {
  const { config } = loadConfig(process.env);
  const ctx = await createContext(config);
  try {
    const { url, expiresAt } = await issueSetupToken(ctx);
    process.stdout.write(`${url}\n`);
    process.stderr.write(`tessera-server: this link creates one organisation; it works once, until ${new Date(expiresAt).toISOString()}.\n`);
  } finally {
    await ctx.close();
  }
}

function run(args: readonly string[]): Promise<void> {
  const [command] = args;
  if (command === undefined || command === 'serve') return serve();
  if (command === 'setup-token') return printSetupToken();
  return Promise.reject(new Error(`unknown command "${command}" (commands: serve, setup-token)`));
}

run(process.argv.slice(2)).catch((error: unknown) => {
  const message = isServerError(error) ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : String(error);
  process.stderr.write(`tessera-server: ${message}\n`);
  process.exit(1);
});
