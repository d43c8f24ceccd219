import { describe, expect, it } from 'vitest';
import type { CommandContext } from './context.js';
import { commandsFor } from './command-table.js';

const noContext = (): Promise<CommandContext> => Promise.reject(new Error('not used'));

async function names(argv: readonly string[]): Promise<string[][]> {
  return (await commandsFor(argv)).map((build) => {
    const command = build(noContext);
    return [command.name(), ...command.aliases()];
  });
}

describe('commandsFor', () => {
  it('loads only the command the line names, by name or alias, after the global options', async () => {
    expect(await names(['code', 'github'])).toEqual([['code']]);
    expect(await names(['ls'])).toEqual([['list', 'ls']]);
    expect(await names(['--vault-dir', '/tmp/v', '--no-color', 'rm', '#1'])).toEqual([['remove', 'rm']]);
    expect(await names(['--vault-dir=/tmp/v', 'import', 'f.json'])).toEqual([['import']]);
  });

  it('loads every command, in the help order, when the line names none it knows', async () => {
    const all = await names([]);
    expect(all.map(([name]) => name)).toEqual([
      'add', 'list', 'code', 'watch', 'show', 'rename', 'remove', 'move', 'group', 'app-lock', 'backup', 'restore', 'doctor', 'import', 'export', 'admin', 'work', 'approve',
    ]);
    for (const argv of [['--help'], ['help', 'code'], ['cod'], ['--bogus', 'code'], ['--vault-dir'], ['-V']]) {
      expect(await names(argv)).toEqual(all);
    }
  });

  it('selects each command by every name its module gives it', async () => {
    for (const [name, ...aliases] of await names([])) {
      for (const word of [name ?? '', ...aliases]) expect((await names([word]))[0]?.[0]).toBe(name);
    }
  });
});
