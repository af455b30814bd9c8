import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { db } from './db';
import { getSetting, setSetting } from './settings';
import { clearDb } from './test-db';

beforeEach(clearDb);

describe('settings repository', () => {
  it('applies defaults when unset', async () => {
    expect(await getSetting('providerUrl')).toBe('http://127.0.0.1:8787');
    expect(await getSetting('defaults')).toEqual({
      mode: 'notification',
      cap: 50_000,
      validityHours: 24,
      autoLockMinutes: 15,
      digitalDelivery: true,
      tolerancePercent: 10,
      toleranceMinimum: 5,
    });
    expect(await getSetting('vaultParams')).toBeUndefined();
    expect(await getSetting('email')).toBeUndefined();
    expect(await getSetting('lastActivityAt')).toBeUndefined();
  });

  it('round-trips values', async () => {
    await setSetting('providerUrl', 'https://veil.example');
    await setSetting('email', 'ada@example.com');
    await setSetting('defaults', {
      mode: 'confirmation',
      cap: 1_000,
      validityHours: 2,
      autoLockMinutes: 5,
      digitalDelivery: false,
      tolerancePercent: 10,
      toleranceMinimum: 5,
    });
    expect(await getSetting('providerUrl')).toBe('https://veil.example');
    expect(await getSetting('email')).toBe('ada@example.com');
    expect(await getSetting('defaults')).toEqual({
      mode: 'confirmation',
      cap: 1_000,
      validityHours: 2,
      autoLockMinutes: 5,
      digitalDelivery: false,
      tolerancePercent: 10,
      toleranceMinimum: 5,
    });
  });

  it('does not let a caller mutate the shared defaults', async () => {
    const first = await getSetting('defaults');
    first.cap = 1;
    expect((await getSetting('defaults')).cap).toBe(50_000);
  });

  it('fills fields missing from a stored object of an older shape', async () => {
    await db.settings.put({ key: 'defaults', value: { mode: 'recurring', cap: 700 } });
    expect(await getSetting('defaults')).toEqual({
      mode: 'recurring',
      cap: 700,
      validityHours: 24,
      autoLockMinutes: 15,
      digitalDelivery: true,
      tolerancePercent: 10,
      toleranceMinimum: 5,
    });
  });
});
