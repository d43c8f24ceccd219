/**
 * `tessera-server`: reads the configuration, opens the database, prints warnings about insecure
 * settings, listens, and shuts down gracefully on SIGINT/SIGTERM (stop accepting, finish
 * in-flight requests, close the database).
 *
 * @module
 */
import { buildApp } from './app.js';
import { createContext } from './bootstrap/context.js';
import { loadConfig } from './config/config.js';
import { isServerError } from './errors.js';

async function serve(): Promise<void> {
  const { config, warnings } = loadConfig(process.env);
  for (const warning of warnings) process.stderr.write(`tessera-server: WARNING: ${warning}\n`);
  const ctx = await createContext(config);
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
  process.stderr.write(`tessera-server: listening on ${address} (public URL ${config.publicUrl})\n`);
}

serve().catch((error: unknown) => {
  const message = isServerError(error) ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : String(error);
  process.stderr.write(`tessera-server: ${message}\n`);
  process.exit(1);
});
