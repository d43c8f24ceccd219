/**
 * JSON schemas shared by the admin routes. Every object rejects unknown properties; query
 * strings are declared as strings with patterns (the app does not coerce types) and converted
 * by the route.
 *
 * @module
 */
import type { FastifyRequest } from 'fastify';

/** A row id as the server makes them (base64url), bounded. */
export const idString = { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' } as const;

/** `:id` in the URL. */
export const userIdParams = {
  type: 'object', additionalProperties: false, required: ['id'], properties: { id: idString },
} as const;

/** A positive decimal integer in a query string. */
export const queryInteger = { type: 'string', pattern: '^[0-9]{1,15}$' } as const;

/** Parses a {@link queryInteger} value, clamped to `[min, max]`. */
export function intParam(value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  return Math.min(Math.max(Number(value), min), max);
}

/** A body with nothing in it (`{}`, or no body at all — see {@link emptyBodyAsObject}). */
export const emptyBody = { type: 'object', additionalProperties: false, properties: {} } as const;

/**
 * `preValidation` hook for routes whose body is optional: a request without a body is checked
 * as `{}`, so the schema still rejects unknown fields when a body is sent.
 */
export async function emptyBodyAsObject(request: FastifyRequest): Promise<void> {
  request.body ??= {};
  return Promise.resolve();
}

/** A role. */
export const roleSchema = { type: 'string', enum: ['admin', 'helpdesk', 'user'] } as const;

/** A display name. */
export const displayNameSchema = { type: 'string', minLength: 1, maxLength: 200 } as const;

/** An email address (checked further by the users module). */
export const emailSchema = { type: 'string', minLength: 3, maxLength: 254 } as const;

/** A password as typed (the policy checks it further; 1024 bounds the hashing work). */
export const passwordSchema = { type: 'string', minLength: 1, maxLength: 1024 } as const;
