// One contender of the multi-process lock test: `node lock-counter.js <dir> <rounds>` increments
// the number in <dir>/counter <rounds> times, each time read → pause → write under the BUILT
// lock (apps/cli/dist; build first with `npx tsc -b tsconfig.build.json`). Without mutual
// exclusion the pauses make updates collide and the final count comes out short.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { withLock } from '../../../dist/store/lock.js';

const [dir, rounds] = process.argv.slice(2);
const counter = join(dir, 'counter');
for (let i = 0; i < Number(rounds); i++) {
  await withLock(dir, async () => {
    const value = Number(await readFile(counter, 'utf8'));
    await sleep(1);
    await writeFile(counter, String(value + 1));
  });
}
