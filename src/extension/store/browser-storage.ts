/**
 * Every key the extension keeps in `browser.storage` outside Dexie, declared once with
 * its area, its type and why it lives there. (The vault key has its own module,
 * `session-key.ts`, for its expiry and access rules.) Key strings are stored data:
 * renaming one forgets what browsers hold under the old name.
 *
 * - `storage.session`: memory only, emptied when the browser restarts, unreadable by
 *   content scripts; for what the service worker must keep across its own restarts
 *   but nobody needs after the browser closes.
 * - `storage.local`: on disk; only non-secret bookkeeping.
 */
import browser from 'webextension-polyfill';
import type { ProxyCredential } from '../../protocol';

type Area = 'local' | 'session';

export interface StoredValue<T> {
  get(): Promise<T | undefined>;
  set(value: T): Promise<void>;
  remove(): Promise<void>;
}

function stored<T>(area: Area, key: string): StoredValue<T> {
  const storage = () => browser.storage[area];
  return {
    get: async () => (await storage().get(key))[key] as T | undefined,
    set: (value) => storage().set({ [key]: value }),
    remove: () => storage().remove(key),
  };
}

/** One value per (tab, frame): frames report at the same moment, and a shared per-tab
 *  record would lose one of two concurrent read-modify-writes. */
export interface PerFrame<T> {
  set(tabId: number, frameId: number, value: T): Promise<void>;
  ofTab(tabId: number): Promise<Map<number, T>>;
  forgetTab(tabId: number): Promise<void>;
}

function perFrame<T>(area: Area, name: string): PerFrame<T> {
  const storage = () => browser.storage[area];
  const prefix = (tabId: number) => `${name}:${tabId}:`;
  const entries = async (tabId: number): Promise<[string, T][]> =>
    Object.entries(await storage().get(null)).filter(([k]) => k.startsWith(prefix(tabId))) as [string, T][];
  return {
    set: (tabId, frameId, value) => storage().set({ [`${prefix(tabId)}${frameId}`]: value }),
    ofTab: async (tabId) => new Map((await entries(tabId)).map(([k, v]) => [Number(k.slice(prefix(tabId).length)), v])),
    forgetTab: async (tabId) => {
      const keys = (await entries(tabId)).map(([k]) => k);
      if (keys.length) await storage().remove(keys);
    },
  };
}

/** The id of the newest provider event handled (live.ts): each event is handled once,
 *  also across browser restarts, so a charge never pops up twice. Local: not secret. */
export const lastSeenEventId = stored<number>('local', 'live.lastEventId');

/** The confirmation window's id, to bring it forward instead of opening a second one.
 *  Session: a window id means nothing after the browser restarts. */
export const confirmWindowId = stored<number>('session', 'confirm.windowId');

/** What each frame's content script reported, and what the browser said of the frame
 *  (background/frames.ts). Session: the worker may stop between report and click. */
export const frameReports = <T>(): PerFrame<T> => perFrame<T>('session', 'frame');

/** One value per tab, forgotten with the tab's frame reports (navigation, tab closed). */
export interface PerTab<T> {
  set(tabId: number, value: T): Promise<void>;
  get(tabId: number): Promise<T | undefined>;
  forget(tabId: number): Promise<void>;
}

function perTab<T>(area: Area, name: string): PerTab<T> {
  const storage = () => browser.storage[area];
  const key = (tabId: number) => `${name}:${tabId}`;
  return {
    set: (tabId, value) => storage().set({ [key(tabId)]: value }),
    get: async (tabId) => (await storage().get(key(tabId)))[key(tabId)] as T | undefined,
    forget: (tabId) => storage().remove(key(tabId)),
  };
}

/** The order total each tab's top page shows (background/cart-total.ts). Session: like the
 *  frame reports, it must outlive a stopped worker but means nothing after a restart. The
 *  key name differs from `frame:` so neither prefix matches the other's keys. */
export const tabTotals = <T>(): PerTab<T> => perTab<T>('session', 'total');
/** The free-trial wording each tab's top frame found (background/trial-offers.ts). Session:
 *  it describes a page that is open now. One value per tab: the guess is the top page's. */
export const trialReports = <T>(): PerTab<T> => perTab<T>('session', 'trial');

/** The open trial-choice question of each tab (background/trials/trial-choice.ts). Session:
 *  the worker may stop while the shopper thinks; it concerns a page open now. */
export const trialChoices = <T>(): PerTab<T> => perTab<T>('session', 'trialChoice');
/** Which tab each trial-choice window asks for, so closing the window cancels the question.
 *  Keyed by window id (perTab's key is any number). */
export const trialChoiceWindows = (): PerTab<number> => perTab<number>('session', 'trialChoiceWindow');

/** Cards with a free trial, for the reminders (background/trial-reminders.ts): what a
 *  notification names when its alarm fires with the worker just woken. Local: alarms
 *  outlive the browser session; merchant and last four digits only, not secret. */
export const trialReminders = stored<
  Record<string, { endsAt: string; merchant: string; last4: string; state?: string }>
>('local', 'trial.reminders');

/** The private connection's proxy credential (background/private/credential.ts). Session:
 *  a secret that opens the proxy, worth nothing after minutes, never on disk. */
export const proxyCredential = stored<ProxyCredential>('session', 'private.credential');

/** host:port of the provider's proxy, as its last credential named it. Local: not secret,
 *  and the PAC script must keep naming the proxy while the vault is locked (never direct). */
export const proxyAddress = stored<string>('local', 'private.proxy');

/** The latest reason the private connection failed (proxy unreachable, credential refused),
 *  with when, for the popup to show. Session: stale after a restart. */
export const privateTrouble = stored<{ reason: string; at: number }>('session', 'private.trouble');
