import { describe, expect, it } from 'vitest';
import { resolveVaultDir } from './paths.js';

describe('resolveVaultDir', () => {
  const home = '/home/ada';

  it('prefers the --vault-dir flag over everything', () => {
    const env = { TESSERA_VAULT_DIR: '/env', XDG_DATA_HOME: '/xdg' };
    expect(resolveVaultDir({ flag: '/flag', env, platform: 'linux', homedir: home })).toBe('/flag');
  });

  it('uses TESSERA_VAULT_DIR next', () => {
    const env = { TESSERA_VAULT_DIR: '/env', XDG_DATA_HOME: '/xdg' };
    expect(resolveVaultDir({ env, platform: 'linux', homedir: home })).toBe('/env');
  });

  it('uses $XDG_DATA_HOME/tessera when absolute', () => {
    expect(resolveVaultDir({ env: { XDG_DATA_HOME: '/xdg' }, platform: 'linux', homedir: home })).toBe('/xdg/tessera');
  });

  it('ignores a relative XDG_DATA_HOME and empty values', () => {
    const env = { XDG_DATA_HOME: 'relative', TESSERA_VAULT_DIR: '' };
    expect(resolveVaultDir({ flag: '', env, platform: 'linux', homedir: home })).toBe('/home/ada/.local/share/tessera');
  });

  it('defaults to ~/.local/share/tessera on Linux and other Unixes', () => {
    expect(resolveVaultDir({ env: {}, platform: 'linux', homedir: home })).toBe('/home/ada/.local/share/tessera');
    expect(resolveVaultDir({ env: {}, platform: 'freebsd', homedir: home })).toBe('/home/ada/.local/share/tessera');
  });

  it('defaults to ~/Library/Application Support/Tessera on macOS', () => {
    expect(resolveVaultDir({ env: {}, platform: 'darwin', homedir: '/Users/ada' })).toBe(
      '/Users/ada/Library/Application Support/Tessera',
    );
  });

  it('uses %APPDATA%\\Tessera on Windows, ignoring XDG', () => {
    const env = { APPDATA: 'C:\\Users\\ada\\AppData\\Roaming', XDG_DATA_HOME: '/xdg' };
    expect(resolveVaultDir({ env, platform: 'win32', homedir: 'C:\\Users\\ada' })).toBe(
      'C:\\Users\\ada\\AppData\\Roaming\\Tessera',
    );
    expect(resolveVaultDir({ env: {}, platform: 'win32', homedir: 'C:\\Users\\ada' })).toBe(
      'C:\\Users\\ada\\AppData\\Roaming\\Tessera',
    );
  });
});
