/**
 * `GET /setup?token=…` shows the setup form; `POST /setup` completes setup. The POST speaks both
 * HTML forms (CSRF-checked, answers with a page) and JSON (answers `{ tenantId, userId }`; a
 * cross-site page cannot send JSON without a CORS preflight, and the 256-bit token in the body
 * is itself a secret no forger has). Problems re-render the form with the typed values, never
 * the password. A browser that completes the form is signed in with a registration-only session
 * (see `session.ts`) so the new admin can add their first second factor straight away.
 *
 * @module
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ServerContext } from '../context.js';
import { isServerError, ServerError } from '../errors.js';
import { csrfToken, verifyCsrf } from '../http/csrf.js';
import { sendPage } from '../pages/layout.js';
import { setSessionCookie } from '../signin/session-cookie.js';
import { startSetupSession } from './session.js';
import { completeSetup, type SetupInput } from './setup.js';
import { setupTokenIsLive } from './tokens.js';
import { setupDonePage, setupFormPage, setupInvalidPage, type SetupFormValues } from './views.js';

const text = (max: number) => ({ type: 'string', maxLength: max }) as const;

const setupBody = {
  type: 'object',
  additionalProperties: false,
  required: ['token', 'tenantName', 'email', 'displayName', 'password'],
  properties: {
    token: text(100), tenantName: text(200), email: text(254), displayName: text(200), password: text(1024), csrf: text(200),
    domain: text(2000),
    domains: { type: 'array', maxItems: 50, items: text(253) },
  },
} as const;

/** The fields of the form (and of the JSON body): `domain` is a comma- or space-separated list, `domains` an array. */
interface SetupBody { token: string; tenantName: string; email: string; displayName: string; password: string; csrf?: string; domain?: string; domains?: string[] }

function isForm(request: FastifyRequest): boolean {
  return (request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
}

function toInput(body: SetupBody): SetupInput {
  const domains = [...(body.domain ?? '').split(/[\s,]+/), ...(body.domains ?? [])].filter((d) => d !== '');
  return { token: body.token, tenantName: body.tenantName, adminEmail: body.email, adminName: body.displayName, password: body.password, domains };
}

function formValues(body: Partial<SetupBody> | undefined): SetupFormValues {
  const values: Record<string, string> = {};
  for (const name of ['tenantName', 'domain', 'email', 'displayName'] as const) {
    const value = body?.[name];
    if (typeof value === 'string') values[name] = value;
  }
  return values;
}

async function postForm(ctx: ServerContext, request: FastifyRequest<{ Body: SetupBody }>, reply: FastifyReply): Promise<FastifyReply> {
  verifyCsrf(ctx, request);
  const body = request.body as Partial<SetupBody> | undefined;
  const token = typeof body?.token === 'string' ? body.token : '';
  const again = (status: number, message: string): FastifyReply => sendPage(reply, setupFormPage(csrfToken(ctx, request, reply), token, formValues(body), [message]), status);
  if (request.validationError !== undefined || body === undefined) return again(400, 'Fill in every field.');
  const valid = request.body;
  let created: { tenantId: string; userId: string };
  try {
    created = await completeSetup(ctx, toInput(valid), request.ip);
  } catch (error) {
    if (isServerError(error, 'ERR_SETUP_TOKEN_INVALID')) return sendPage(reply, setupInvalidPage(), error.status);
    if (isServerError(error) && error.expose) return again(error.status, error.message);
    throw error;
  }
  const session = await startSetupSession(ctx, { ...created, ip: request.ip, userAgent: request.headers['user-agent'] ?? null });
  setSessionCookie(ctx, reply, session.token, session.expiresAt);
  return sendPage(reply, setupDonePage(valid.tenantName.trim()));
}

/** The setup routes. */
export function setupRoutes(ctx: ServerContext): FastifyPluginAsync {
  // eslint-disable-next-line @typescript-eslint/require-await -- Fastify plugins are async functions
  return async (app) => {
    app.get<{ Querystring: { token?: string } }>('/setup', { schema: { querystring: { type: 'object', additionalProperties: false, properties: { token: text(100) } } } }, async (request, reply) => {
      const token = request.query.token ?? '';
      if (!(await setupTokenIsLive(ctx, token))) return sendPage(reply, setupInvalidPage(), 401);
      return sendPage(reply, setupFormPage(csrfToken(ctx, request, reply), token));
    });

    app.post<{ Body: SetupBody }>('/setup', { schema: { body: setupBody }, attachValidation: true }, async (request, reply) => {
      if (isForm(request)) return postForm(ctx, request, reply);
      if (request.validationError !== undefined) throw new ServerError('ERR_VALIDATION', request.validationError.message);
      const body = request.body;
      const created = await completeSetup(ctx, toInput(body), request.ip);
      return reply.status(201).send(created);
    });
  };
}
