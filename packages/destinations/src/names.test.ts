import { isCoreError } from '@tessera/core';
import { describe, expect, it } from 'vitest';
import { assertListPrefix, assertObjectName, MAX_OBJECT_NAME_LENGTH, prefixFolder } from './names.js';
import { INVALID_NAMES, INVALID_PREFIXES } from './test-support/contract.js';

function codeOf(action: () => void): string | undefined {
  try {
    action();
    return undefined;
  } catch (error) {
    return isCoreError(error) ? error.code : String(error);
  }
}

describe('object names', () => {
  it.each(['tessera/keyring.age', 'a', 'a/b/c', '.hidden', 'a/.b', '..a', 'a../b', 'sp ace/ü€ 100%+&=?#.age', 'x'.repeat(MAX_OBJECT_NAME_LENGTH)])(
    'accepts %j',
    (name) => {
      expect(codeOf(() => { assertObjectName(name); })).toBeUndefined();
    },
  );

  it.each([...INVALID_NAMES, 'x'.repeat(MAX_OBJECT_NAME_LENGTH + 1), 'a\u007fb', 'a/\u001f'])('refuses %j with ERR_DESTINATION_INVALID', (name) => {
    expect(codeOf(() => { assertObjectName(name); })).toBe('ERR_DESTINATION_INVALID');
  });

  it('never echoes a control character into the message', () => {
    try {
      assertObjectName('a\u001b[31mred');
    } catch (error) {
      expect((error as Error).message).not.toContain('\u001b');
    }
  });
});

describe('listing prefixes', () => {
  it.each(['', 'tessera/', 'tessera/dev', 'a/b/', '.x', 'a/..b'])('accepts %j', (prefix) => {
    expect(codeOf(() => { assertListPrefix(prefix); })).toBeUndefined();
  });

  it.each([...INVALID_PREFIXES, '/', 'a/./', 'a/.'])('refuses %j with ERR_DESTINATION_INVALID', (prefix) => {
    expect(codeOf(() => { assertListPrefix(prefix); })).toBe('ERR_DESTINATION_INVALID');
  });

  it('finds the folder that holds every match', () => {
    expect(prefixFolder('')).toBe('');
    expect(prefixFolder('tessera')).toBe('');
    expect(prefixFolder('tessera/')).toBe('tessera/');
    expect(prefixFolder('tessera/devices/ab')).toBe('tessera/devices/');
  });
});
