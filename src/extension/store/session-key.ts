/**
 * Where the unlocked vault key lives: `storage.session`. It is memory only and emptied
 * when the browser restarts (so a restart locks), yet it outlives the MV3 service
 * worker being suspended, which a module variable would not (the worker can be killed
 * between any two messages). Idleness is measured from `lastActivityAt` in settings.
 */
import browser from 'webextension-polyfill';
import { base64ToBytes, bytesToBase64 } from './base64';
import { getSetting, setSetting } from './settings';

/** The part of `storage.session` used here, so tests can pass an in-memory fake. */
export interface SessionArea {
  get(keys: string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
  /** Chrome only (102+); Firefox keeps storage.session from content scripts anyway. */
  setAccessLevel?(details: { accessLevel: 'TRUSTED_CONTEXTS' }): Promise<void>;
}

export interface SessionKey {
  /** Keeps the key after an unlock and counts the unlock as activity. */
  rememberKey(key: Uint8Array): Promise<void>;
  /** The key, or undefined when locked; forgets the key first when idle past the auto-lock time. */
  recallKey(): Promise<Uint8Array | undefined>;
  /** Records user activity: call it on each request made by the user. */
  touch(): Promise<void>;
  forgetKey(): Promise<void>;
}

const KEY_ITEM = 'veil.vaultKey';
/** A clock stepping back further than this makes the last-activity time untrustworthy: lock rather than extend. */
const CLOCK_SKEW_MS = 60_000;

export function createSessionKey(area: SessionArea, now: () => number = Date.now): SessionKey {
  async function forgetKey(): Promise<void> {
    await area.remove(KEY_ITEM);
  }
  async function touch(): Promise<void> {
    await setSetting('lastActivityAt', now());
  }
  return {
    async rememberKey(key) {
      if (key.length !== 32) throw new Error('The vault key must be 32 bytes');
      // Content scripts must never read the key; Chrome's default already says so, this keeps it so.
      await area.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' });
      // Touch first: a key must never sit next to a last-activity time from an earlier session.
      await touch();
      // storage.session serialises values as JSON, where a Uint8Array would become {}.
      await area.set({ [KEY_ITEM]: bytesToBase64(key) });
    },
    async recallKey() {
      const stored = (await area.get([KEY_ITEM]))[KEY_ITEM];
      if (typeof stored !== 'string') return undefined;
      const [lastActivityAt, defaults] = await Promise.all([getSetting('lastActivityAt'), getSetting('defaults')]);
      const idleMs = lastActivityAt === undefined ? Infinity : now() - lastActivityAt;
      const key = base64ToBytes(stored);
      if (idleMs > defaults.autoLockMinutes * 60_000 || idleMs < -CLOCK_SKEW_MS || key?.length !== 32) {
        await forgetKey();
        return undefined;
      }
      return key;
    },
    touch,
    forgetKey,
  };
}

let extensionSessionKey: SessionKey | undefined;
/** Created on first use, so importing this module does not touch `browser.storage`. */
function inExtension(): SessionKey {
  return (extensionSessionKey ??= createSessionKey(browser.storage.session));
}

export const rememberKey = (key: Uint8Array): Promise<void> => inExtension().rememberKey(key);
export const recallKey = (): Promise<Uint8Array | undefined> => inExtension().recallKey();
export const touch = (): Promise<void> => inExtension().touch();
export const forgetKey = (): Promise<void> => inExtension().forgetKey();
