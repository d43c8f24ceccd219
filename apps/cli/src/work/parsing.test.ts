import { describe, expect, it } from 'vitest';
import { CliError } from '../errors.js';
import { ServerRequestError } from '../admin/server-error.js';
import { testIo } from '../test-support/memory-io.js';
import { asDevice, DEVICE_TOKEN_TYPE, parsePendingApproval, typedDeviceError } from './device-api.js';
import { generateWorkKey, importSigningKey } from './es256.js';
import { parseSseBlocks } from './events.js';
import { resolveWorkTarget } from './server-address.js';

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof CliError ? error.code : String(error);
  }
  return undefined;
}

describe('resolveWorkTarget', () => {
  it('an email address names https://<domain>; --server wins; URLs are checked like the admin client does', () => {
    expect(resolveWorkTarget('Ada@Example.org')).toEqual({ serverUrl: 'https://example.org', email: 'ada@example.org' });
    expect(resolveWorkTarget('ada@example.org', 'http://127.0.0.1:8080/')).toEqual({ serverUrl: 'http://127.0.0.1:8080', email: 'ada@example.org' });
    expect(resolveWorkTarget('https://id.example.org/')).toEqual({ serverUrl: 'https://id.example.org', email: undefined });
    expect(codeOf(() => resolveWorkTarget('http://id.example.org'))).toBe('ERR_WORK_SERVER_INVALID');
    expect(codeOf(() => resolveWorkTarget('ada'))).toBe('ERR_WORK_SERVER_INVALID');
    expect(codeOf(() => resolveWorkTarget('ada@example.org', 'http://evil.example'))).toBe('ERR_WORK_SERVER_INVALID');
  });
});

describe('server-sent events and pending approvals', () => {
  const approval = { id: 'a1', app: 'Wiki\u001b[2J', ip: '203.0.113.7', createdAt: 1, expiresAt: 2, nonce: 'n' };

  it('parses approval, resolved and close events and skips comments and junk', () => {
    const events = [...parseSseBlocks([': heartbeat', `event: approval\nid: a1\ndata: ${JSON.stringify(approval)}`, 'event: resolved\ndata: {"id":"a1","outcome":"approved"}', 'event: approval\ndata: {bad', 'event: close\ndata: {"reason":"revoked"}'])];
    expect(events).toEqual([
      { type: 'approval', approval: { ...approval, app: 'Wiki[2J' } },
      { type: 'resolved', id: 'a1', outcome: 'approved' },
      { type: 'close', reason: 'revoked' },
    ]);
    expect(parsePendingApproval({ ...approval, nonce: 5 })).toBeUndefined();
  });

  it('types the refusals a person can act on', () => {
    const refusal = (status: number, code: string): ServerRequestError => new ServerRequestError('ERR_SERVER_FAILED', 'x', status, code);
    expect((typedDeviceError(refusal(401, 'ERR_DEVICE_REVOKED')) as CliError).code).toBe('ERR_WORK_DEVICE_REVOKED');
    expect((typedDeviceError(refusal(410, 'ERR_APPROVAL_EXPIRED')) as CliError).code).toBe('ERR_WORK_APPROVAL_EXPIRED');
    expect((typedDeviceError(refusal(409, 'ERR_APPROVAL_DECIDED')) as CliError).code).toBe('ERR_WORK_APPROVAL_DECIDED');
    expect((typedDeviceError(refusal(403, 'ERR_APPROVAL_NUMBER_MISMATCH')) as CliError).code).toBe('ERR_WORK_NUMBER_MISMATCH');
    expect((typedDeviceError(refusal(404, 'ERR_APPROVAL_NOT_FOUND')) as CliError).code).toBe('ERR_SERVER_FAILED');
  });

  it('every device API call gets a fresh device token, and its refusals come back typed', async () => {
    const key = { registrationId: 'dev-1', serverUrl: 'https://id.example.org', audience: 'aud', key: await importSigningKey((await generateWorkKey()).privateJwk) };
    const bearers: string[] = [];
    const refused = asDevice(testIo(), key, (bearer) => {
      bearers.push(bearer);
      return Promise.reject(new ServerRequestError('ERR_SERVER_FAILED', 'x', 401, 'ERR_DEVICE_REVOKED'));
    });
    await expect(refused).rejects.toMatchObject({ code: 'ERR_WORK_DEVICE_REVOKED' });
    const header = JSON.parse(Buffer.from(bearers[0]?.split('.')[0] ?? '', 'base64url').toString()) as { typ?: string };
    expect(header.typ).toBe(DEVICE_TOKEN_TYPE);
    expect(await asDevice(testIo(), key, () => Promise.resolve('answered'))).toBe('answered');
  });
});
