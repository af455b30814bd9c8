/**
 * The service worker's composition root: wires the router to its handlers and to the
 * browser's events. It holds no state of its own — the worker can be stopped at any
 * moment — everything lives in the store or storage.session.
 */
import browser, { type Runtime } from 'webextension-polyfill';
import { createRouter, type Handlers } from './router';
import { accountHandlers } from './handlers/account';
import { fundingHandlers } from './handlers/funding';
import { cardHandlers } from './handlers/cards';
import { historyHandlers } from './handlers/history';
import { confirmHandlers } from './handlers/confirm';
import { forgetTab } from './frames';
import { recallKey, touch } from '../store';

const handlers: Handlers = { ...accountHandlers, ...fundingHandlers, ...cardHandlers, ...historyHandlers, ...confirmHandlers };

const route = createRouter(handlers, {
  extensionId: browser.runtime.id,
  extensionUrl: browser.runtime.getURL(''),
  onActivity: () => void touch(),
});

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => route(message, sender));

// A navigation or a closed tab makes its frames' reports stale.
browser.tabs.onRemoved.addListener((tabId) => void forgetTab(tabId));
browser.tabs.onUpdated.addListener((tabId, change) => {
  if (change.status === 'loading' && change.url) void forgetTab(tabId);
});

// Auto-lock: recallKey() forgets a key idle past the limit; the alarm makes that happen
// even when no one asks, so a stolen unlocked laptop locks on time.
const LOCK_ALARM = 'veil-auto-lock';
browser.alarms.create(LOCK_ALARM, { periodInMinutes: 1 });
browser.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === LOCK_ALARM) void recallKey();
});
