import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exitCodeFor } from '../exit-codes.js';
import { errorFromResponse, terminalSafe } from './server-error.js';

describe('server refusals as typed CLI errors', () => {
  it.each([
    [400, 'ERR_VALIDATION', 'ERR_SERVER_INVALID_REQUEST', 3],
    [401, 'ERR_UNAUTHENTICATED', 'ERR_SERVER_UNAUTHENTICATED', 9],
    [403, 'ERR_TAP_SELF', 'ERR_SERVER_FORBIDDEN', 12],
    [404, 'ERR_NOT_FOUND', 'ERR_SERVER_NOT_FOUND', 4],
    [409, 'ERR_USER_EXISTS', 'ERR_SERVER_CONFLICT', 6],
    [422, 'ERR_TAP_POLICY', 'ERR_SERVER_INVALID_REQUEST', 3],
    [429, 'ERR_THROTTLED', 'ERR_SERVER_THROTTLED', 7],
    [500, 'ERR_INTERNAL', 'ERR_SERVER_FAILED', 10],
    [502, 'ERR_DELIVERY_FAILED', 'ERR_SERVER_FAILED', 10],
  ])('HTTP %i (%s) → %s, exit %i, keeping the server code and message', (status, serverCode, code, exit) => {
    const error = errorFromResponse(status, { error: { code: serverCode, message: 'what the server said' } }, null);
    expect(error).toMatchObject({ code, serverCode, status });
    expect(error.message).toBe(`Server: what the server said (${serverCode}, HTTP ${status}).${serverCode === 'ERR_UNAUTHENTICATED' ? ' Sign in again with `tessera admin login`.' : ''}`);
    expect(exitCodeFor(error)).toBe(exit);
  });

  it('says when to retry a throttled request, from the details or the Retry-After header', () => {
    expect(errorFromResponse(429, { error: { code: 'ERR_THROTTLED', message: 'too many attempts', details: { retryAfterSeconds: 29.2 } } }, null).message).toContain('Retry in 30 s.');
    expect(errorFromResponse(429, { error: { code: 'ERR_THROTTLED', message: 'too many attempts' } }, '120').message).toContain('Retry in 120 s.');
  });

  it('tells the admin how to step up', () => {
    expect(errorFromResponse(401, { error: { code: 'ERR_STEP_UP_REQUIRED', message: 'sign in again to confirm this action' } }, null).message).toContain('within 10 minutes');
  });

  it('copes with bodies that are not the server\'s shape', () => {
    expect(errorFromResponse(404, undefined, null)).toMatchObject({ code: 'ERR_SERVER_NOT_FOUND', serverCode: undefined, message: 'Server: the server refused the request (HTTP 404).' });
    expect(errorFromResponse(503, 'Service Unavailable', null)).toMatchObject({ code: 'ERR_SERVER_FAILED', message: 'Server: the server failed (HTTP 503).' });
    expect(errorFromResponse(302, undefined, null).message).toContain('redirect');
    expect(errorFromResponse(409, { error: { code: 'not a code; rm -rf', message: 7 } }, null).serverCode).toBeUndefined();
  });

  it('never lets server text drive the terminal, whatever the body (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 300, max: 599 }), fc.anything(), fc.string(), fc.string(), (status, details, code, message) => {
        for (const body of [details, { error: { code, message, details } }]) {
          const error = errorFromResponse(status, body, null);
          // eslint-disable-next-line no-control-regex -- asserting there are none
          expect(error.message).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
          expect(exitCodeFor(error)).toBeGreaterThan(1);
        }
      }),
      { numRuns: process.env['SLOW'] ? 2000 : 200 },
    );
  });

  it('terminalSafe strips control characters and bounds the length', () => {
    expect(terminalSafe('a\u001b]0;title\u0007b\u009bc')).toBe('a]0;titlebc');
    expect(terminalSafe('x'.repeat(400))).toHaveLength(301);
  });
});
