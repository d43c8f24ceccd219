// Bundles the compiled CLI (dist/main.js, written by `tsc -b`) and the packages it imports into
// bundle/: the entry `tessera.js` and one chunk per lazily loaded command or codec.
//
// Why: Node's ES module loader resolves, reads and compiles every file on its own. The `tessera`
// command spans ~300 modules (the core, the backup engine, age, noble, commander…), and loading
// them one by one cost more than the work of a typical command: `tessera code` spent two thirds
// of its time starting up, and a 10,000-account import ~0.2 s. One bundle with the same lazy
// split (each command's modules load only when it runs) starts in about half the time; the
// figures are in docs/benchmarks.md. The bundle is the compiled code unchanged — no minifying,
// no transpiling — with source maps beside it (`node --enable-source-maps` reads them).
//
// Any warning fails the build: a bundle that might behave differently from the modules it was
// made from is not one to ship.
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const root = new URL('..', import.meta.url);
const input = fileURLToPath(new URL('dist/main.js', root));
const dir = fileURLToPath(new URL('bundle/', root));

/** @type {string[]} */
const warnings = [];
await rm(dir, { recursive: true, force: true });
await build({
  input,
  platform: 'node',
  // Node's built-in modules stay imports; everything else (workspace packages and npm
  // dependencies, all plain JavaScript) is bundled.
  onLog(level, log) {
    if (level === 'warn') warnings.push(log.message);
  },
  output: {
    dir,
    format: 'esm',
    sourcemap: true,
    entryFileNames: 'tessera.js',
    chunkFileNames: 'chunks/[name]-[hash].js',
  },
});
if (warnings.length > 0) {
  await rm(dir, { recursive: true, force: true });
  console.error(`bundling the CLI gave ${warnings.length} warning(s):\n${warnings.join('\n')}`);
  process.exit(1);
}
