import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clipboardAvailable, clipboardTools, copyToClipboard } from './clipboard.js';

let bin: string;
beforeAll(async () => {
  bin = await mkdtemp(join(tmpdir(), 'tessera-clip-'));
  // A well-behaved xclip that stores what it reads, and a rude xsel that exits without reading.
  await writeFile(join(bin, 'xclip'), `#!/bin/sh\ncat > "${bin}/clipboard"\n`);
  await writeFile(join(bin, 'xsel'), '#!/bin/sh\nexit 0\n');
  await chmod(join(bin, 'xclip'), 0o755);
  await chmod(join(bin, 'xsel'), 0o755);
});
afterAll(async () => {
  await rm(bin, { recursive: true, force: true });
});

describe('clipboard', () => {
  it('picks the platform tool, and on Linux only those the session can reach', () => {
    expect(clipboardTools('darwin', {}).map((t) => t.command)).toEqual(['pbcopy']);
    expect(clipboardTools('win32', {}).map((t) => t.command)).toEqual(['clip']);
    expect(clipboardTools('linux', {})).toEqual([]);
    expect(clipboardTools('linux', { WAYLAND_DISPLAY: 'wayland-0', DISPLAY: ':0' }).map((t) => t.command)).toEqual(['wl-copy', 'xclip', 'xsel']);
  });

  it('looks tools up on PATH without running them', () => {
    expect(clipboardAvailable('linux', { DISPLAY: ':0', PATH: bin })).toBe(true);
    expect(clipboardAvailable('linux', { DISPLAY: ':0', PATH: '/nonexistent' })).toBe(false);
    expect(clipboardAvailable('linux', { PATH: bin })).toBe(false);
  });

  it('copies through the first working tool', async () => {
    expect(await copyToClipboard('123456', 'linux', { DISPLAY: ':0', PATH: `${bin}:/usr/bin:/bin` })).toBe('xclip');
    expect(await readFile(join(bin, 'clipboard'), 'utf8')).toBe('123456');
  });

  it('survives a tool that exits without reading its input (no EPIPE crash)', async () => {
    const env = { DISPLAY: ':0', PATH: `${bin}:/usr/bin:/bin` };
    // With xclip gone only xsel is left: it exits 0 at once, so a 1 MiB write hits a closed pipe.
    await rm(join(bin, 'xclip'));
    for (let i = 0; i < 20; i++) expect(await copyToClipboard('x'.repeat(1 << 20), 'linux', env)).toBe('xsel');
  });

  it('fails with ERR_CLIPBOARD_UNAVAILABLE instead of silently doing nothing', async () => {
    await expect(copyToClipboard('123456', 'linux', {})).rejects.toMatchObject({ code: 'ERR_CLIPBOARD_UNAVAILABLE' });
  });
});
