import { describe, expect, it } from 'vitest';
import { resolveConfigDir } from './config-dir.js';
import { parseServerUrl } from './server-url.js';
import { applyAssignments, parseInstant, parseLifetime, policyKeys } from './values.js';

const POLICY = {
  allowWorkSecretBackup: false,
  tap: { defaultLifetimeMinutes: 60, minLifetimeMinutes: 10, maxLifetimeMinutes: 480, oneTimeDefault: true, length: 16 },
  methods: { totp: true, email: true, sms: true },
};

describe('TAP lifetimes', () => {
  it('takes minutes or hours', () => {
    expect(parseLifetime('60m')).toBe(60);
    expect(parseLifetime('45')).toBe(45);
    expect(parseLifetime('2h')).toBe(120);
  });

  it.each(['', '0m', '-5m', '1.5h', '2d', 'soon', '999999m'])('refuses %j', (text) => {
    expect(() => parseLifetime(text)).toThrow(expect.objectContaining({ code: 'ERR_USAGE' }));
  });
});

describe('audit time bounds', () => {
  const now = Date.parse('2026-11-25T12:00:00Z');

  it('takes dates (UTC midnight), ISO times and durations ago', () => {
    expect(parseInstant('2026-11-01', now, '--since')).toBe(Date.parse('2026-11-01T00:00:00Z'));
    expect(parseInstant('2026-11-01T09:30:00+01:00', now, '--since')).toBe(Date.parse('2026-11-01T08:30:00Z'));
    expect(parseInstant('30m', now, '--since')).toBe(now - 30 * 60_000);
    expect(parseInstant('24h', now, '--since')).toBe(Date.parse('2026-11-24T12:00:00Z'));
    expect(parseInstant('7d', now, '--since')).toBe(Date.parse('2026-11-18T12:00:00Z'));
  });

  it.each(['yesterday', '2026-13-01', '11/01/2026', '5y'])('refuses %j', (text) => {
    expect(() => parseInstant(text, now, '--until')).toThrow(expect.objectContaining({ code: 'ERR_USAGE', message: expect.stringContaining('--until') as unknown }));
  });
});

describe('policy assignments', () => {
  it('sets nested settings with the type of the value they replace, leaving the rest', () => {
    const next = applyAssignments(POLICY, ['tap.maxLifetimeMinutes=240', 'methods.sms=false', 'allowWorkSecretBackup=on']);
    expect(next).toEqual({ ...POLICY, allowWorkSecretBackup: true, tap: { ...POLICY.tap, maxLifetimeMinutes: 240 }, methods: { ...POLICY.methods, sms: false } });
    expect(POLICY.tap.maxLifetimeMinutes).toBe(480);
  });

  it('lists the settings', () => {
    expect(policyKeys(POLICY)).toContain('tap.defaultLifetimeMinutes');
    expect(policyKeys(POLICY)).toHaveLength(9);
  });

  it.each(['tap.colour=red', 'tap=5', 'methods.sms=maybe', 'tap.length=long', 'nokey', '=5', '__proto__.x=1', 'constructor=1'])('refuses %j', (assignment) => {
    expect(() => applyAssignments(POLICY, [assignment])).toThrow(expect.objectContaining({ code: 'ERR_USAGE' }));
  });
});

describe('server address', () => {
  it('accepts https anywhere and http on loopback only', () => {
    expect(parseServerUrl('https://id.example.com/')).toBe('https://id.example.com');
    expect(parseServerUrl('https://example.com/tessera/')).toBe('https://example.com/tessera');
    expect(parseServerUrl('http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080');
    expect(parseServerUrl('http://localhost:3000')).toBe('http://localhost:3000');
    expect(parseServerUrl('http://[::1]:3000')).toBe('http://[::1]:3000');
  });

  it.each(['http://id.example.com', 'ftp://id.example.com', 'id.example.com', 'https://user:pw@id.example.com', 'https://id.example.com/?x=1', 'http://127.0.0.1.example.com'])('refuses %j', (raw) => {
    expect(() => parseServerUrl(raw)).toThrow(expect.objectContaining({ code: 'ERR_ADMIN_SERVER_INVALID' }));
  });
});

describe('config folder', () => {
  it('follows TESSERA_CONFIG_DIR, then XDG, then the platform', () => {
    expect(resolveConfigDir({ env: { TESSERA_CONFIG_DIR: '/tmp/t' }, platform: 'linux', homedir: '/home/ada' })).toBe('/tmp/t');
    expect(resolveConfigDir({ env: { XDG_CONFIG_HOME: '/cfg' }, platform: 'linux', homedir: '/home/ada' })).toBe('/cfg/tessera');
    expect(resolveConfigDir({ env: { XDG_CONFIG_HOME: 'relative' }, platform: 'linux', homedir: '/home/ada' })).toBe('/home/ada/.config/tessera');
    expect(resolveConfigDir({ env: {}, platform: 'darwin', homedir: '/Users/ada' })).toBe('/Users/ada/Library/Application Support/Tessera');
    expect(resolveConfigDir({ env: { APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' }, platform: 'win32', homedir: 'C:\\Users\\ada' })).toBe('C:\\Users\\ada\\AppData\\Roaming\\Tessera');
  });
});
