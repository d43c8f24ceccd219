/**
 * Every `tessera` command, loaded on demand. A process runs one command, yet importing every
 * command module up front loads backups, destinations, importers, exporters and the admin client
 * for `tessera code` too — most of the start-up time above Node's own. So the command line is
 * looked at first: when it names a command, only that command's module is loaded; for anything
 * else (no command, `--help`, `help`, an unknown word or option) all of them are, and Commander
 * sees exactly the program it always did.
 *
 * @module
 */
import type { Command } from 'commander';
import type { CommandContext } from './context.js';

/** Builds one top-level command; the context is made on first use. */
export type CommandBuilder = (context: () => Promise<CommandContext>) => Command;

interface Entry {
  /** The command's name and aliases. */
  readonly names: readonly string[];
  readonly load: () => Promise<CommandBuilder>;
}

// In the order `tessera --help` lists them.
const TABLE: readonly Entry[] = [
  { names: ['add'], load: async () => (await import('./commands/add.js')).addCommand },
  { names: ['list', 'ls'], load: async () => (await import('./commands/list.js')).listCommand },
  { names: ['code'], load: async () => (await import('./commands/code.js')).codeCommand },
  { names: ['watch'], load: async () => (await import('./commands/watch.js')).watchCommand },
  { names: ['show'], load: async () => (await import('./commands/show.js')).showCommand },
  { names: ['rename'], load: async () => (await import('./commands/edit.js')).renameCommand },
  { names: ['remove', 'rm'], load: async () => (await import('./commands/edit.js')).removeCommand },
  { names: ['move', 'mv'], load: async () => (await import('./commands/edit.js')).moveCommand },
  { names: ['group'], load: async () => (await import('./commands/group.js')).groupCommand },
  { names: ['app-lock'], load: async () => (await import('./commands/app-lock.js')).appLockCommand },
  { names: ['backup'], load: async () => (await import('./commands/backup.js')).backupCommand },
  { names: ['restore'], load: async () => (await import('./commands/restore.js')).restoreCommand },
  { names: ['doctor'], load: async () => (await import('./commands/doctor.js')).doctorCommand },
  { names: ['import'], load: async () => (await import('./commands/import.js')).importCommand },
  { names: ['export'], load: async () => (await import('./commands/export.js')).exportCommand },
  { names: ['admin'], load: async () => (await import('./commands/admin.js')).adminCommand },
  { names: ['work'], load: async () => (await import('./commands/work.js')).workCommand },
  { names: ['approve'], load: async () => (await import('./commands/approve.js')).approveCommand },
];

/** Global options that take no value, and the one that takes the next word as its value. */
const GLOBAL_FLAGS = new Set(['--no-color']);
const GLOBAL_WITH_VALUE = '--vault-dir';

/** The word naming the command, when only known global options come before it. */
function commandWord(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === GLOBAL_WITH_VALUE) i++;
    else if (!GLOBAL_FLAGS.has(arg) && !arg.startsWith(`${GLOBAL_WITH_VALUE}=`)) return arg.startsWith('-') ? undefined : arg;
  }
  return undefined;
}

/**
 * The builders of the commands `argv` can reach: the one it names, or every command.
 *
 * @example
 * ```ts
 * for (const build of await commandsFor(['code', 'github'])) program.addCommand(build(makeContext));
 * ```
 */
export async function commandsFor(argv: readonly string[]): Promise<CommandBuilder[]> {
  const word = commandWord(argv);
  const named = word === undefined ? undefined : TABLE.find((entry) => entry.names.includes(word));
  return Promise.all((named === undefined ? TABLE : [named]).map((entry) => entry.load()));
}
