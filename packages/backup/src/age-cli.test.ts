// Interop with the standard `age` tool (Debian age 1.1.1, X25519 and scrypt only): a classic
// backup and the keyring must open with stock age, and files stock age writes must open here.
// age reads passphrases from the terminal only, so those cases run it under `script` (util-linux),
// which gives it a pseudo-terminal fed from our stdin.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createKeyring,
  currentIdentity,
  currentRecipient,
  decryptSnapshot,
  encodeKeyring,
  encryptSnapshot,
  generateBackupIdentity,
  openKeyring,
  rotateKeyring,
  sealKeyring,
} from './index.js';
import { nodeRandom, nodeScrypt } from './test-support/node-crypto.js';

const has = (tool: string, args: string[]): boolean => spawnSync(tool, args, { encoding: 'utf8' }).status === 0;
const ageAvailable = has('age', ['--version']);
const scriptAvailable = has('script', ['--version']);
// CI must run the interop checks; elsewhere a missing tool only skips them.
const requiredHere = (process.env['CI'] ?? '') !== '' && process.env['CI'] !== 'false';

const PASSPHRASE = 'violet tractor ocean 47';
const dir = mkdtempSync(join(tmpdir(), 'tessera-age-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function file(name: string, bytes?: Uint8Array | string): string {
  const path = join(dir, name);
  if (bytes !== undefined) writeFileSync(path, bytes);
  return path;
}

/** Runs age; throws with its stderr unless it exits 0. */
function age(args: readonly string[]): void {
  const result = spawnSync('age', args, { encoding: 'utf8', timeout: 30_000 });
  if (result.status !== 0) throw new Error(`age ${args.join(' ')} failed: ${result.stderr}`);
}

/** Runs age under a pseudo-terminal, typing `lines` as its passphrase prompts come up. Names are plain, in `dir`. */
function ageWithTerminal(args: string, lines: readonly string[]): void {
  const result = spawnSync('script', ['-qec', `age ${args}`, '/dev/null'], {
    cwd: dir,
    input: lines.map((l) => `${l}\n`).join(''),
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (result.status !== 0) throw new Error(`age ${args} under script failed (${String(result.status)}): ${result.stdout}${result.stderr}`);
}

describe.runIf(requiredHere && (!ageAvailable || !scriptAvailable))('age CLI interop', () => {
  it('needs age and script installed (CI installs the age package; script is in bsdutils/util-linux)', () => {
    throw new Error(`CI is set but ${ageAvailable ? '' : '`age` '}${scriptAvailable ? '' : '`script` '}is not on PATH: apt-get install age bsdutils.`);
  });
});

describe.runIf(ageAvailable)('age CLI interop (age 1.1.1)', () => {
  const plaintext = new TextEncoder().encode('{"format":"tessera-backup","accounts":["in order"]}\n');

  it('a classic snapshot opens with `age -d -i <recovery key file>`', async () => {
    const { identity, recipient } = await generateBackupIdentity('classic');
    file('snapshot.age', await encryptSnapshot(plaintext, [recipient]));
    file('recovery.txt', `${identity}\n`);
    age(['-d', '-i', file('recovery.txt'), '-o', file('snapshot.json'), file('snapshot.age')]);
    expect(new Uint8Array(readFileSync(file('snapshot.json')))).toEqual(plaintext);
  });

  it('a file written by `age -r` opens with decryptSnapshot', async () => {
    const { identity, recipient } = await generateBackupIdentity('classic');
    file('from-age.json', plaintext);
    age(['-r', recipient, '-o', file('from-age.age'), file('from-age.json')]);
    expect(await decryptSnapshot(new Uint8Array(readFileSync(file('from-age.age'))), [identity])).toEqual(plaintext);
  });

  it.runIf(scriptAvailable)(
    'the keyring opens with `age -d` and the passphrase, and its plaintext is an identity file that opens every generation',
    async () => {
      const first = await createKeyring({ kind: 'classic', now: Date.UTC(2026, 0, 31) });
      const old = await encryptSnapshot(plaintext, [await currentRecipient(first)]);
      const keyring = await rotateKeyring(first, 'classic');
      file('keyring.age', await sealKeyring(keyring, PASSPHRASE, { scrypt: nodeScrypt, random: nodeRandom }));
      ageWithTerminal('-d -o keyring.txt keyring.age', [PASSPHRASE]);
      expect(new Uint8Array(readFileSync(file('keyring.txt')))).toEqual(encodeKeyring(keyring));
      file('old.age', old);
      file('new.age', await encryptSnapshot(plaintext, [await currentRecipient(keyring)]));
      for (const name of ['old', 'new']) {
        age(['-d', '-i', file('keyring.txt'), '-o', file(`${name}.json`), file(`${name}.age`)]);
        expect(new Uint8Array(readFileSync(file(`${name}.json`)))).toEqual(plaintext);
      }
      expect(currentIdentity(keyring)).not.toBe(currentIdentity(first));
    },
  );

  it.runIf(scriptAvailable)('a keyring written by `age -p` (work factor 2^18) opens with openKeyring', async () => {
    const keyring = await createKeyring({ kind: 'hybrid', now: Date.UTC(2026, 0, 31) });
    file('typed.txt', encodeKeyring(keyring));
    ageWithTerminal('-p -o typed.age typed.txt', [PASSPHRASE, PASSPHRASE]);
    const sealed = new Uint8Array(readFileSync(file('typed.age')));
    expect(new TextDecoder().decode(sealed.subarray(0, 100))).toMatch(/^age-encryption\.org\/v1\n-> scrypt \S+ 18\n/);
    expect(await openKeyring(sealed, PASSPHRASE, { scrypt: nodeScrypt })).toEqual(keyring);
    await expect(openKeyring(sealed, 'violet tractor ocean 48', { scrypt: nodeScrypt })).rejects.toMatchObject({
      code: 'ERR_KEYRING_PASSPHRASE_WRONG',
    });
  });
});
