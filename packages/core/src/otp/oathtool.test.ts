// Cross-check against OATH Toolkit's `oathtool`, an independent C implementation. Behaviour
// checked with oathtool 2.6.7: `-N @<seconds>` accepts times far past 2^32 steps (tested up to
// 10^12 s with a 1 s period) and `-c` takes the full 64-bit counter (a larger value saturates to
// 2^64 - 1 instead of failing, so we never pass one); `-d` only allows 6, 7 or 8 digits.
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateHotp } from './hotp.js';
import { generateTotp } from './totp.js';
import type { HashAlgorithm } from './types.js';

const available = spawnSync('oathtool', ['--version'], { encoding: 'utf8' }).status === 0;
// CI must run the cross-check; elsewhere a missing oathtool only skips it.
const requiredHere = (process.env['CI'] ?? '') !== '' && process.env['CI'] !== 'false';
const runs = process.env['SLOW'] ? 400 : 40;

function oathtool(args: readonly string[]): string {
  const result = spawnSync('oathtool', args, { encoding: 'utf8', timeout: 10_000 });
  if (result.status !== 0) {
    throw new Error(`oathtool ${args.join(' ')} failed: ${result.stderr}`);
  }
  return result.stdout.trim();
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const secrets = fc.uint8Array({ minLength: 1, maxLength: 64 });
const algorithms = fc.constantFrom<HashAlgorithm>('SHA1', 'SHA256', 'SHA512');
const digits = fc.integer({ min: 6, max: 8 });
// Seconds: ordinary dates, and far-future ones where a 1 s period gives steps beyond 2^32.
const seconds = fc.oneof(fc.integer({ min: 0, max: 2 ** 32 }), fc.integer({ min: 2 ** 32, max: 1e12 }));

describe.runIf(!available && requiredHere)('oathtool cross-check', () => {
  it('needs oathtool installed (CI installs the oathtool package)', () => {
    throw new Error('oathtool is not on PATH, but CI is set: install OATH Toolkit (apt-get install oathtool).');
  });
});

describe.runIf(available)('oathtool cross-check (OATH Toolkit)', () => {
  it('TOTP agrees for random secrets, times, periods, algorithms and digits', () => {
    fc.assert(
      fc.property(secrets, seconds, fc.constantFrom(1, 30, 60, 3600), algorithms, digits, (secret, time, period, algorithm, d) => {
        const expected = oathtool([`--totp=${algorithm}`, '-d', String(d), '-s', `${period}s`, '-N', `@${time}`, hex(secret)]);
        expect(generateTotp({ secret, timestamp: time * 1000, period, algorithm, digits: d })).toBe(expected);
      }),
      { numRuns: runs },
    );
  });

  it('HOTP agrees for random secrets and 64-bit counters', () => {
    fc.assert(
      fc.property(secrets, fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), digits, (secret, counter, d) => {
        const expected = oathtool(['--hotp', '-d', String(d), '-c', counter.toString(), hex(secret)]);
        expect(generateHotp({ secret, counter, digits: d })).toBe(expected);
      }),
      { numRuns: Math.ceil(runs / 4) },
    );
  });
});
