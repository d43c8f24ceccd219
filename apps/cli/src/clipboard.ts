/**
 * Copies text to the system clipboard through the platform's own tool, found at run time:
 * pbcopy (macOS), wl-copy (Wayland), xclip or xsel (X11), clip.exe (Windows). A machine with none
 * of them (a server, CI) gets a clear `ERR_CLIPBOARD_UNAVAILABLE` instead of a silent no-op.
 *
 * @module
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { CliError } from './errors.js';

interface ClipboardTool {
  readonly command: string;
  readonly args: readonly string[];
}

/** Candidate tools for this platform and session, best first. */
export function clipboardTools(platform: NodeJS.Platform, env: Readonly<Record<string, string | undefined>>): ClipboardTool[] {
  if (platform === 'darwin') return [{ command: 'pbcopy', args: [] }];
  if (platform === 'win32') return [{ command: 'clip', args: [] }];
  const tools: ClipboardTool[] = [];
  if (env['WAYLAND_DISPLAY']) tools.push({ command: 'wl-copy', args: [] });
  if (env['DISPLAY']) {
    tools.push({ command: 'xclip', args: ['-selection', 'clipboard'] });
    tools.push({ command: 'xsel', args: ['--clipboard', '--input'] });
  }
  return tools;
}

function runTool(tool: ClipboardTool, text: string, env: Readonly<Record<string, string | undefined>>): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(tool.command, tool.args, { stdio: ['pipe', 'ignore', 'ignore'], env });
    child.on('error', () => {
      resolve(false);
    });
    child.on('close', (code) => {
      resolve(code === 0);
    });
    // A tool that exits without reading its input must not crash us with EPIPE.
    child.stdin.on('error', () => undefined);
    child.stdin.end(text);
  });
}

/** True when `command` is an executable file on `PATH` (no process is started). */
function onPath(command: string, env: Readonly<Record<string, string | undefined>>, platform: NodeJS.Platform): boolean {
  const extensions = platform === 'win32' ? ['.exe', '.cmd', '.bat', ''] : [''];
  for (const dir of (env['PATH'] ?? '').split(delimiter)) {
    if (dir === '') continue;
    for (const extension of extensions) {
      try {
        accessSync(join(dir, command + extension), constants.X_OK);
        return true;
      } catch {
        // not here; keep looking
      }
    }
  }
  return false;
}

/**
 * Whether a clipboard tool is installed for this session. Checked before anything irreversible
 * (advancing a HOTP counter), so `--copy` on a machine without a clipboard wastes no code.
 */
export function clipboardAvailable(platform: NodeJS.Platform, env: Readonly<Record<string, string | undefined>>): boolean {
  return clipboardTools(platform, env).some((tool) => onPath(tool.command, env, platform));
}

/** The error for a machine without a clipboard tool. */
export function clipboardUnavailable(): CliError {
  return new CliError(
    'ERR_CLIPBOARD_UNAVAILABLE',
    'No clipboard is available here (looked for pbcopy, wl-copy, xclip, xsel, clip). Run without --copy to print the code.',
  );
}

/** Copies `text`; throws `ERR_CLIPBOARD_UNAVAILABLE` when no tool works. */
export async function copyToClipboard(
  text: string,
  platform: NodeJS.Platform,
  env: Readonly<Record<string, string | undefined>>,
): Promise<string> {
  for (const tool of clipboardTools(platform, env)) {
    if (await runTool(tool, text, env)) return tool.command;
  }
  throw clipboardUnavailable();
}
