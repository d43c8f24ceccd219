import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { HTTP_STATUS, ServerError } from './errors.js';

describe('server error codes', () => {
  it('docs/errors.md lists every code with the HTTP status the server answers with, and nothing else', async () => {
    const doc = await readFile(new URL('../../../docs/errors.md', import.meta.url), 'utf8');
    const section = doc.slice(doc.indexOf('## Codes of tessera-server'));
    const documented = [...section.matchAll(/^\| (\d{3}) \| `(ERR_[A-Z0-9_]+)` \|/gm)].map((m) => [m[2], Number(m[1])] as const);
    expect(Object.fromEntries(documented)).toEqual({ ...HTTP_STATUS });
    expect(documented).toHaveLength(Object.keys(HTTP_STATUS).length);
  });

  it('hides the message of server-side failures from clients', () => {
    expect(new ServerError('ERR_INTERNAL', 'database on fire').expose).toBe(false);
    expect(new ServerError('ERR_OTP_INVALID', 'wrong code').expose).toBe(true);
  });
});
