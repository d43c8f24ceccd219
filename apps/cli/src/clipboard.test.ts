import { describe, expect, it } from 'vitest';
import { clipboardTools, copyToClipboard } from './clipboard.js';

describe('clipboard', () => {
  it('picks the platform tool, and on Linux only those the session can reach', () => {
    expect(clipboardTools('darwin', {}).map((t) => t.command)).toEqual(['pbcopy']);
    expect(clipboardTools('win32', {}).map((t) => t.command)).toEqual(['clip']);
    expect(clipboardTools('linux', {})).toEqual([]);
    expect(clipboardTools('linux', { WAYLAND_DISPLAY: 'wayland-0', DISPLAY: ':0' }).map((t) => t.command)).toEqual(['wl-copy', 'xclip', 'xsel']);
  });

  it('fails with ERR_CLIPBOARD_UNAVAILABLE instead of silently doing nothing', async () => {
    await expect(copyToClipboard('123456', 'linux', {})).rejects.toMatchObject({ code: 'ERR_CLIPBOARD_UNAVAILABLE' });
    // A display with no reachable X server: every candidate fails (or is not installed) and is skipped.
    await expect(copyToClipboard('123456', 'linux', { DISPLAY: ':987' })).rejects.toMatchObject({ code: 'ERR_CLIPBOARD_UNAVAILABLE' });
  });
});
