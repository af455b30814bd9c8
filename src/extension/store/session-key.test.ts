import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createSessionKey, forgetKey, recallKey, rememberKey, type SessionArea } from './session-key';
import { setSetting } from './settings';
import { clearDb } from './test-db';

/** In-memory storage.session: values pass through JSON, as the real area serialises them. */
class FakeSessionArea implements SessionArea {
  readonly items = new Map<string, string>();
  accessLevel: string | undefined;
  async get(keys: string[]): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    for (const k of keys) {
      const v = this.items.get(k);
      if (v !== undefined) out[k] = JSON.parse(v);
    }
    return out;
  }
  async set(items: Record<string, unknown>): Promise<void> {
    for (const [k, v] of Object.entries(items)) this.items.set(k, JSON.stringify(v));
  }
  async remove(keys: string | string[]): Promise<void> {
    for (const k of [keys].flat()) this.items.delete(k);
  }
  async setAccessLevel(details: { accessLevel: string }): Promise<void> {
    this.accessLevel = details.accessLevel;
  }
}

// The polyfill throws outside an extension; the module-level API runs on this fake instead.
const extensionArea = vi.hoisted(() => ({ current: undefined as SessionArea | undefined }));
vi.mock('webextension-polyfill', () => ({
  default: {
    storage: {
      get session() {
        return extensionArea.current;
      },
    },
  },
}));

const MINUTE = 60_000;
const key = new Uint8Array(32).map((_, i) => 255 - i);

let area: FakeSessionArea;
let clock: number;
const now = (): number => clock;

beforeEach(async () => {
  await clearDb();
  area = new FakeSessionArea();
  clock = Date.UTC(2025, 0, 1);
});

describe('session key', () => {
  it('recalls the key it was given, kept as a string only trusted contexts can read', async () => {
    const session = createSessionKey(area, now);
    await session.rememberKey(key);
    expect(await session.recallKey()).toEqual(key);
    expect(area.accessLevel).toBe('TRUSTED_CONTEXTS');
    expect([...area.items.values()].every((v) => typeof JSON.parse(v) === 'string')).toBe(true);
  });

  it('survives the worker being restarted: a new instance over the same area still has it', async () => {
    await createSessionKey(area, now).rememberKey(key);
    expect(await createSessionKey(area, now).recallKey()).toEqual(key);
  });

  it('is gone after a browser restart (an empty session area)', async () => {
    await createSessionKey(area, now).rememberKey(key);
    expect(await createSessionKey(new FakeSessionArea(), now).recallKey()).toBeUndefined();
  });

  it('forgets the key on forgetKey', async () => {
    const session = createSessionKey(area, now);
    await session.rememberKey(key);
    await session.forgetKey();
    expect(await session.recallKey()).toBeUndefined();
    expect(area.items.size).toBe(0);
  });

  it('forgets the key once idle longer than the default 15 minutes, and removes it from the area', async () => {
    const session = createSessionKey(area, now);
    await session.rememberKey(key);
    clock += 15 * MINUTE;
    expect(await session.recallKey()).toEqual(key);
    clock += 1;
    expect(await session.recallKey()).toBeUndefined();
    expect(area.items.size).toBe(0);
    // Activity after the lock does not bring the key back.
    await session.touch();
    expect(await session.recallKey()).toBeUndefined();
  });

  it('measures idleness from the last touch', async () => {
    const session = createSessionKey(area, now);
    await session.rememberKey(key);
    clock += 10 * MINUTE;
    await session.touch();
    clock += 10 * MINUTE;
    expect(await session.recallKey()).toEqual(key);
    clock += 6 * MINUTE;
    expect(await session.recallKey()).toBeUndefined();
  });

  it('honours the auto-lock minutes from settings', async () => {
    await setSetting('defaults', {
      mode: 'notification',
      cap: 50_000,
      validityHours: 24,
      autoLockMinutes: 1,
      digitalDelivery: true,
      tolerancePercent: 10,
      toleranceMinimum: 5,
    });
    const session = createSessionKey(area, now);
    await session.rememberKey(key);
    clock += MINUTE + 1;
    expect(await session.recallKey()).toBeUndefined();
  });

  it('does not inherit a stale activity time from an earlier session', async () => {
    await setSetting('lastActivityAt', clock - 60 * MINUTE);
    const session = createSessionKey(area, now);
    await session.rememberKey(key);
    expect(await session.recallKey()).toEqual(key);
  });

  it('locks when the clock has been set back far', async () => {
    const session = createSessionKey(area, now);
    await session.rememberKey(key);
    clock -= 30 * MINUTE;
    expect(await session.recallKey()).toBeUndefined();
  });

  it('refuses a key of the wrong size', async () => {
    await expect(createSessionKey(area, now).rememberKey(new Uint8Array(16))).rejects.toThrow(/32 bytes/);
    expect(area.items.size).toBe(0);
  });

  it('module-level functions use browser.storage.session', async () => {
    extensionArea.current = area;
    await rememberKey(key);
    expect(area.items.size).toBe(1);
    expect(await recallKey()).toEqual(key);
    await forgetKey();
    expect(await recallKey()).toBeUndefined();
  });
});
