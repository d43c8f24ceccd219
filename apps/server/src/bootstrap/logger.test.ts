import { describe, expect, it } from 'vitest';
import { jsonLogger } from './logger.js';

describe('jsonLogger', () => {
  it('writes one JSON line per event at or above the configured level', () => {
    const lines: string[] = [];
    const log = jsonLogger({ logLevel: 'warn' }, (line) => lines.push(line));
    log.info({ userId: 'u1' }, 'ignored');
    log.warn({ userId: 'u1', action: 'tap.issue' }, 'alert: a Temporary Access Pass was issued');
    expect(lines).toHaveLength(1);
    const event = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(event).toMatchObject({ level: 40, userId: 'u1', action: 'tap.issue', msg: 'alert: a Temporary Access Pass was issued' });
    expect(lines[0]!.endsWith('\n')).toBe(true);
  });

  it('drops fields whose names look like credentials', () => {
    const lines: string[] = [];
    const log = jsonLogger({ logLevel: 'info' }, (line) => lines.push(line));
    log.error({ password: 'hunter2', pass: 'ABCD', token: 't', code: '123456', tenantId: 't1' }, 'x');
    expect(lines[0]).not.toMatch(/hunter2|ABCD|123456|"t"/);
    expect(JSON.parse(lines[0]!)).toMatchObject({ tenantId: 't1' });
  });

  it('is silent at level silent', () => {
    const lines: string[] = [];
    jsonLogger({ logLevel: 'silent' }, (line) => lines.push(line)).error({}, 'x');
    expect(lines).toEqual([]);
  });
});
