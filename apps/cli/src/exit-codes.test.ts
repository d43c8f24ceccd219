import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { CoreError } from '@tessera/core';
import { CliError } from './errors.js';
import { ExitCode, exitCodeFor, exitCodeTable } from './exit-codes.js';

describe('exit codes', () => {
  it('docs/errors.md lists every code with the exit code the CLI uses, and nothing else', async () => {
    const doc = await readFile(new URL('../../../docs/errors.md', import.meta.url), 'utf8');
    const documented = [...doc.matchAll(/^\| `(ERR_[A-Z0-9_]+)` \| (\d+) \|/gm)].map((m) => [m[1], Number(m[2])]);
    expect(Object.fromEntries(documented)).toEqual(Object.fromEntries(exitCodeTable()));
    expect(documented).toHaveLength(exitCodeTable().length);
  });

  it('docs/errors.md lists every exit status the CLI can end with', async () => {
    const doc = await readFile(new URL('../../../docs/errors.md', import.meta.url), 'utf8');
    const section = doc.slice(doc.indexOf('## Exit codes of `tessera`'), doc.indexOf('## Codes from'));
    const documented = [...section.matchAll(/^\| (\d+) \|/gm)].map((m) => Number(m[1]));
    expect(documented).toEqual(Object.values(ExitCode));
  });

  it('maps typed errors by code and anything else to 1', () => {
    expect(exitCodeFor(new CoreError('ERR_ACCOUNT_NOT_FOUND', 'x'))).toBe(4);
    expect(exitCodeFor(new CliError('ERR_VAULT_LOCKED', 'x'))).toBe(7);
    expect(exitCodeFor(new Error('boom'))).toBe(1);
  });
});
