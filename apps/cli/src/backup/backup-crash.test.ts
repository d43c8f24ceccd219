/**
 * Crash consistency of publishing (issue "Faults that must lose nothing"): `kill -9` the real
 * `tessera backup now` process at random moments — anywhere in its life, right as the new
 * generation's temp file appears in the folder destination, or just after the new generation
 * is published (read-back, verify, prune, state) — and after every kill check that:
 * the newest complete generation restores (the previous one, or the new one if it got that far)
 * with exactly the accounts and order it was made from; every object the destination lists
 * decrypts and decodes (a killed writer's temp file is never listed); the source vault still
 * opens unchanged; and the next `backup now` succeeds. Needs the build (`npm test` builds first).
 */
import { watch } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { decodeSnapshot } from '@tessera/core';
import { decryptSnapshot, parseSnapshotName } from '@tessera/backup';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../store/test-support/temp-dir.js';
import { folderDestination } from './folder-destination.js';
import { readBackupState } from './state.js';
import { contentOf, filesUnder, MACHINE_A, ok, readVault, restoreInto, setUpBackups, SECRET, type VaultContent } from './test-support/backup-vaults.js';
import { requireCliBuild, startTessera, type Ended } from './test-support/cli-process.js';

const RUNS = process.env['SLOW'] ? 400 : 100;
const KEEP = 4;

/** When to kill: a delay after spawn, or a delay after the first sign of the new generation in the destination. */
type KillPlan =
  | { readonly kind: 'after-spawn'; readonly ms: number }
  | { readonly kind: 'on-temp-file'; readonly ms: number }
  | { readonly kind: 'on-published'; readonly ms: number };

interface Fixture {
  readonly root: string;
  readonly vaultDir: string;
  readonly dest: string;
  readonly recoveryKeyFile: string;
  readonly identity: string;
  readonly deviceFolder: string;
}

/** Runs `tessera backup now` as a process, killing it as `plan` says; true in `killed` when SIGKILL ended it. */
async function backupNowProcess(fixture: Fixture, plan?: KillPlan): Promise<Ended & { killed: boolean; ms: number }> {
  const started = performance.now();
  const before = new Set(await filesUnder(fixture.deviceFolder));
  let armed = false;
  // inotify on the device folder: fires within a fraction of a millisecond of the child's create/link.
  const watcher = watch(fixture.deviceFolder, (_event, name) => {
    if (plan === undefined || plan.kind === 'after-spawn' || armed || name === null || before.has(name)) return;
    const isTemp = name.startsWith('.');
    if (plan.kind === 'on-temp-file' ? isTemp : !isTemp && parseSnapshotName(`tessera/devices/x/${name}`) !== undefined) {
      armed = true;
      setTimeout(running.kill, plan.ms);
    }
  });
  const running = startTessera(['backup', 'now'], { TESSERA_VAULT_DIR: fixture.vaultDir, ...MACHINE_A });
  if (plan?.kind === 'after-spawn') setTimeout(running.kill, plan.ms);
  const ended = await running.ended;
  watcher.close();
  return { ...ended, killed: ended.signal === 'SIGKILL', ms: performance.now() - started };
}

function pickPlan(msPerRun: number): KillPlan {
  const dice = Math.random();
  if (dice < 0.3) return { kind: 'after-spawn', ms: Math.random() * msPerRun * 1.05 };
  if (dice < 0.65) return { kind: 'on-temp-file', ms: Math.random() * 2 };
  return { kind: 'on-published', ms: Math.random() * 12 };
}

/** Changes the vault between runs so generations differ: an account added, sometimes a move or a removal. */
async function mutate(fixture: Fixture, i: number): Promise<void> {
  const { vaultDir } = fixture;
  await ok(vaultDir, ['add', '--issuer', 'Crash', '--label', `run-${String(i)}`, '--secret', SECRET]);
  const count = (await readVault(vaultDir))?.accounts.length ?? 0;
  if (i % 3 === 0) await ok(vaultDir, ['move', `#${String(count)}`, '1']);
  if (count > 12) await ok(vaultDir, ['remove', '#2', '--yes']);
}

/** Every object the destination lists is a complete snapshot: it decrypts and decodes. */
async function expectOnlyCompleteObjects(fixture: Fixture): Promise<void> {
  const destination = folderDestination(fixture.dest);
  const listed = await destination.list('tessera/devices/');
  expect(listed.length).toBeGreaterThan(0);
  for (const { name } of listed) {
    expect(parseSnapshotName(name), `listed ${name}`).toBeDefined();
    const bytes = await destination.read(name);
    expect(bytes, name).toBeDefined();
    decodeSnapshot(await decryptSnapshot(bytes ?? new Uint8Array(), [fixture.identity]));
  }
}

/** What was where after a kill, for the tally that shows kills landed in every phase. */
async function phaseOf(fixture: Fixture, before: readonly string[], generationBefore: number): Promise<string> {
  const after = await filesUnder(fixture.deviceFolder);
  const temps = after.filter((name) => name.startsWith('.') && !before.includes(name));
  const published = after.some((name) => !name.startsWith('.') && !before.includes(name));
  const recorded = ((await readBackupState(fixture.vaultDir))?.generation ?? 0) > generationBefore;
  if (recorded) return 'after state written';
  if (published) return temps.length > 0 ? 'between link and temp removal' : 'published, not yet recorded';
  return temps.length > 0 ? 'temp file written' : 'before writing';
}

async function makeFixture(): Promise<Fixture> {
  const root = await tempDir('tessera-backup-crash-');
  const fixture = { root, vaultDir: join(root, 'vault'), dest: join(root, 'dest'), recoveryKeyFile: join(root, 'recovery.txt') };
  await setUpBackups(fixture.vaultDir, fixture.dest, fixture.recoveryKeyFile, { count: 3, keep: KEEP });
  const identity = (await readFile(fixture.recoveryKeyFile, 'utf8')).split('\n').find((line) => line.startsWith('AGE-SECRET-KEY-')) ?? '';
  const deviceId = (await readBackupState(fixture.vaultDir))?.deviceId ?? '';
  return { ...fixture, identity, deviceFolder: join(fixture.dest, 'tessera', 'devices', deviceId) };
}

/** Restores the destination into a fresh folder and returns what came back. */
async function restored(fixture: Fixture, i: number): Promise<VaultContent | undefined> {
  const target = join(fixture.root, `restore-${String(i)}`);
  const outcome = await restoreInto(target, fixture.dest, ['--recovery-key-file', fixture.recoveryKeyFile]);
  expect(outcome.code, outcome.stderr).toBe(0);
  await rm(target, { recursive: true, force: true });
  return outcome.content;
}

describe('kill -9 during `tessera backup now` (needs the build: npm run build)', () => {
  it(`the newest complete generation always restores, and the next backup succeeds (${String(RUNS)} runs)`, { timeout: 240_000 }, async () => {
    requireCliBuild();
    const fixture = await makeFixture();
    const calibration = await backupNowProcess(fixture);
    expect(calibration.code, calibration.stderr).toBe(0);
    let msPerRun = calibration.ms;
    let backedUp = contentOf(await readVault(fixture.vaultDir));
    const tally: Record<string, number> = {};

    for (let i = 0; i < RUNS; i++) {
      await mutate(fixture, i);
      const current = contentOf(await readVault(fixture.vaultDir));
      const before = await filesUnder(fixture.deviceFolder);
      const generationBefore = (await readBackupState(fixture.vaultDir))?.generation ?? 0;
      const plan = pickPlan(msPerRun);
      const run = await backupNowProcess(fixture, plan);
      if (!run.killed) {
        expect(run.code, run.stderr).toBe(0);
        msPerRun = (msPerRun * 3 + run.ms) / 4;
        backedUp = current;
      }
      const phase = run.killed ? `${plan.kind}: ${await phaseOf(fixture, before, generationBefore)}` : `${plan.kind}: not killed`;
      tally[phase] = (tally[phase] ?? 0) + 1;

      await expectOnlyCompleteObjects(fixture);
      const back = await restored(fixture, i);
      // A kill after the new generation was published leaves it as the newest complete one.
      if (run.killed && isDeepStrictEqual(back, current)) backedUp = current;
      expect(back, `run ${String(i)} (${phase})`).toEqual(backedUp);
      expect(contentOf(await readVault(fixture.vaultDir)), 'the source vault opens, unchanged').toEqual(current);

      if (run.killed && Math.random() < 0.4) {
        const next = await backupNowProcess(fixture);
        expect(next.code, `the backup after a kill: ${next.stderr}`).toBe(0);
        backedUp = current;
        expect(await restored(fixture, i)).toEqual(current);
      }
    }

    const last = await backupNowProcess(fixture);
    expect(last.code, last.stderr).toBe(0);
    await ok(fixture.vaultDir, ['backup', 'verify']);
    expect(await restored(fixture, RUNS)).toEqual(contentOf(await readVault(fixture.vaultDir)));
    const orphans = { destination: (await filesUnder(fixture.deviceFolder)).filter((name) => name.startsWith('.')).length, vault: (await filesUnder(fixture.vaultDir)).filter((name) => name.startsWith('.')).length };
    console.info(`backup-crash phases: ${JSON.stringify(tally, null, 1)}; orphaned temp files: ${JSON.stringify(orphans)}`);
    const killed = Object.entries(tally).filter(([phase]) => !phase.endsWith('not killed')).reduce((sum, [, n]) => sum + n, 0);
    expect(killed, JSON.stringify(tally)).toBeGreaterThan(RUNS / 2);
  });
});
