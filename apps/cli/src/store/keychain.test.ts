import { describe, expect, it } from 'vitest';
import { detectKeychain, macosKeychain, secretToolKeychain, type CommandResult, type CommandRunner } from './keychain.js';

interface Call {
  readonly file: string;
  readonly args: readonly string[];
  readonly input: string | undefined;
}

/** A runner that records its calls and answers from a script. */
function scripted(answer: (call: Call) => CommandResult): CommandRunner & { calls: Call[] } {
  const calls: Call[] = [];
  const run = (file: string, args: readonly string[], input?: string): Promise<CommandResult> => {
    const call = { file, args, input };
    calls.push(call);
    return Promise.resolve(answer(call));
  };
  return Object.assign(run, { calls });
}

const ok = (stdout = ''): CommandResult => ({ code: 0, stdout, stderr: '' });
const KEY = 'AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ';

describe('secret-tool keychain', () => {
  it('stores with the secret on stdin and the attributes service/vault', async () => {
    const run = scripted(() => ok());
    await secretToolKeychain(run).store('vault-1', KEY);
    expect(run.calls).toEqual([
      { file: 'secret-tool', args: ['store', '--label=Tessera device key', 'service', 'tessera', 'vault', 'vault-1'], input: KEY },
    ]);
    expect(run.calls[0]!.args.join(' ')).not.toContain(KEY);
  });

  it('looks up: found, not found (exit 1, quiet), failure (exit 1 with a message)', async () => {
    expect(await secretToolKeychain(scripted(() => ok(KEY))).lookup('v')).toBe(KEY);
    expect(await secretToolKeychain(scripted(() => ({ code: 1, stdout: '', stderr: '' }))).lookup('v')).toBeUndefined();
    const broken = scripted(() => ({ code: 1, stdout: '', stderr: 'Cannot autolaunch D-Bus without X11 $DISPLAY' }));
    await expect(secretToolKeychain(broken).lookup('v')).rejects.toMatchObject({ code: 'ERR_KEYCHAIN_FAILED' });
  });

  it('removes with clear', async () => {
    const run = scripted(() => ok());
    await secretToolKeychain(run).remove('v');
    expect(run.calls[0]!.args).toEqual(['clear', 'service', 'tessera', 'vault', 'v']);
  });
});

describe('macOS keychain', () => {
  it('stores through `security -i` so the secret never appears in argv', async () => {
    const run = scripted(() => ok());
    await macosKeychain(run).store('vault-1', KEY);
    expect(run.calls[0]!.args).toEqual(['-i']);
    expect(run.calls[0]!.input).toBe(`add-generic-password -U -s tessera -a vault-1 -l tessera-device-key -w ${KEY}\n`);
  });

  it('looks up with find-generic-password; 44 means not found', async () => {
    const run = scripted(() => ok(`${KEY}\n`));
    expect(await macosKeychain(run).lookup('v')).toBe(KEY);
    expect(run.calls[0]!.args).toEqual(['find-generic-password', '-s', 'tessera', '-a', 'v', '-w']);
    expect(await macosKeychain(scripted(() => ({ code: 44, stdout: '', stderr: '' }))).lookup('v')).toBeUndefined();
  });
});

describe('detectKeychain', () => {
  it('is off when asked, and on Windows', async () => {
    const run = scripted(() => ok());
    expect(await detectKeychain({ mode: 'off', platform: 'linux', run })).toBeNull();
    expect(await detectKeychain({ mode: 'auto', platform: 'win32', run })).toBeNull();
    expect(run.calls).toEqual([]);
  });

  it('uses secret-tool when its probe lookup answers, and not when the tool is missing or broken', async () => {
    const quietMiss = scripted(() => ({ code: 1, stdout: '', stderr: '' }));
    expect((await detectKeychain({ mode: 'auto', platform: 'linux', run: quietMiss }))?.name).toMatch(/secret-tool/);
    const missing = scripted(() => ({ code: -1, stdout: '', stderr: 'spawn secret-tool ENOENT' }));
    expect(await detectKeychain({ mode: 'auto', platform: 'linux', run: missing })).toBeNull();
    const noBus = scripted(() => ({ code: 1, stdout: '', stderr: 'Cannot autolaunch D-Bus' }));
    expect(await detectKeychain({ mode: 'auto', platform: 'linux', run: noBus })).toBeNull();
  });

  it('uses security on macOS', async () => {
    const run = scripted(() => ({ code: 44, stdout: '', stderr: '' }));
    expect((await detectKeychain({ mode: 'auto', platform: 'darwin', run }))?.name).toMatch(/macOS/);
    expect(run.calls[0]!.file).toBe('security');
  });
});
