import { describe, expect, it } from 'vitest';
import { oldRegistration } from './restore.js';

const device = (id: string, name: string): { id: string; name: string; createdAt: number; lastSeenAt: undefined } => ({ id, name, createdAt: 1, lastSeenAt: undefined });

describe('oldRegistration (what `work restore` offers to remove)', () => {
  const live = [device('phone-a', 'Phone A'), device('laptop', 'Laptop'), device('phone-b', 'Phone B')];

  it('offers exactly the registration of the device the backup came from, never another device', () => {
    expect(oldRegistration('phone-a', live, 'phone-b')).toEqual({ kind: 'offer', device: live[0] });
  });

  it('offers nothing when the account names no old registration, or names this device\'s new one', () => {
    expect(oldRegistration(undefined, live, 'phone-b')).toEqual({ kind: 'none' });
    expect(oldRegistration('phone-b', live, 'phone-b')).toEqual({ kind: 'none' });
  });

  it('says the old registration is gone when the server no longer lists it (an MFA reset, IT removed it)', () => {
    expect(oldRegistration('phone-old', live, 'phone-b')).toEqual({ kind: 'gone', id: 'phone-old' });
    expect(oldRegistration('phone-old', [], 'phone-b')).toEqual({ kind: 'gone', id: 'phone-old' });
  });
});
