// Holds a vault folder's lock the way another tessera process would, using only node:fs, so the
// lock tests need no build: `node hold-lock.js <dir> <holdMs>`. Prints "held" once it holds it.
import { openSync, unlinkSync, writeSync, closeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

const [dir, holdMs] = process.argv.slice(2);
const path = join(dir, 'vault.lock');
const fd = openSync(path, 'wx', 0o600);
const holder = { pid: process.pid, hostname: hostname(), createdAt: new Date().toISOString(), token: 'fixture' };
writeSync(fd, `${JSON.stringify(holder)}\n`);
closeSync(fd);
process.stdout.write('held\n');
setTimeout(() => {
  unlinkSync(path);
  process.exit(0);
}, Number(holdMs));
