/**
 * Keeps Firefox's background page up while Veil listens for charges.
 *
 * Firefox runs MV3 background scripts as an event page and suspends it after
 * `extensions.background.idle.timeout` (30 s) without an extension event; an open
 * WebSocket and the provider's pings on it do not count. A suspended page has no socket,
 * so a charge waiting on the shopper would only be seen when the 30 s catch-up alarm
 * next wakes it — far past the 2 s the confirmation window has. An alarm event does
 * count: one every KEEP_AWAKE_MINUTES resets the idle timer, and the page keeps its live
 * connection. (Firefox lets alarms fire this often; Chrome would not, and needs none:
 * messages on an open WebSocket keep its service worker alive.)
 *
 * Only while the live connection is wanted: locking, the auto-lock and signing out stop
 * it, and an idle, locked Veil sleeps as Firefox intends.
 */
import browser from 'webextension-polyfill';

export const KEEP_AWAKE_ALARM = 'veil-keep-awake';
/** A third of Firefox's idle timeout: a late alarm on a loaded machine still lands in time. */
export const KEEP_AWAKE_MINUTES = 10 / 60;

/** A background with a document is an event page (Firefox); a service worker has none. */
const isEventPage = () => typeof document !== 'undefined';

export function keepAwake(on: boolean): void {
  if (!isEventPage()) return;
  if (on) void browser.alarms.create(KEEP_AWAKE_ALARM, { periodInMinutes: KEEP_AWAKE_MINUTES });
  else void browser.alarms.clear(KEEP_AWAKE_ALARM);
}
