/**
 * `@tessera/server`: the organisation directory behind work and school accounts.
 *
 * @module
 */
export { buildApp, type BuildAppOptions } from './app.js';
export { loadConfig, type LoadedConfig, type ServerConfig } from './config/config.js';
export type { Logger, Mailer, OutgoingEmail, ServerContext, SmsSender } from './context.js';
export { HTTP_STATUS, ServerError, isServerError, type ServerErrorCode } from './errors.js';
