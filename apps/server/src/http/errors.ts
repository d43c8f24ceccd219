/**
 * Turns every failure into a clear, stable answer: `{ error: { code, message } }` with the
 * status from the one table in `errors.ts`. Fastify's own request errors (bad JSON, unknown
 * fields, oversized bodies, wrong content type) are mapped to our codes; anything unexpected
 * becomes a generic 500 whose details go to the log, never to the client.
 *
 * @module
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { ServerError, type ServerErrorCode } from '../errors.js';

const FASTIFY_CODES: Readonly<Record<string, ServerErrorCode>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'ERR_BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'ERR_UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'ERR_BAD_REQUEST',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'ERR_BAD_REQUEST',
  FST_ERR_CTP_INVALID_JSON_BODY: 'ERR_BAD_REQUEST',
  FST_ERR_VALIDATION: 'ERR_VALIDATION',
};

/** Maps any thrown value to a {@link ServerError}. */
export function toServerError(error: unknown): ServerError {
  if (error instanceof ServerError) return error;
  const fastifyError = error as Partial<FastifyError>;
  if (typeof fastifyError.code === 'string') {
    const mapped = FASTIFY_CODES[fastifyError.code];
    if (mapped !== undefined) return new ServerError(mapped, fastifyError.message ?? 'bad request');
  }
  if (fastifyError.validation !== undefined) return new ServerError('ERR_VALIDATION', fastifyError.message ?? 'invalid request');
  if (error instanceof SyntaxError) return new ServerError('ERR_BAD_REQUEST', 'the request body is not valid JSON');
  if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return new ServerError('ERR_BAD_REQUEST', fastifyError.message ?? 'bad request');
  }
  return new ServerError('ERR_INTERNAL', 'internal error', { cause: error });
}

/** The JSON body of an error answer. */
export function errorBody(error: ServerError): { error: { code: ServerErrorCode; message: string; details?: Record<string, unknown> } } {
  const message = error.expose ? error.message : 'internal error';
  return { error: { code: error.code, message, ...(error.details === undefined ? {} : { details: { ...error.details } }) } };
}

/** Installs the error and not-found handlers. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler(async (error, request, reply) => {
    const serverError = toServerError(error);
    if (serverError.status >= 500) request.log.error({ err: error }, 'request failed');
    const retry = serverError.details?.['retryAfterSeconds'];
    if (typeof retry === 'number') reply.header('retry-after', String(Math.ceil(retry)));
    return reply.status(serverError.status).type('application/json; charset=utf-8').send(errorBody(serverError));
  });
  app.setNotFoundHandler(async (_request, reply) =>
    reply.status(404).type('application/json; charset=utf-8').send(errorBody(new ServerError('ERR_NOT_FOUND', 'no such route'))));
}
