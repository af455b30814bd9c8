/** Messages from the background to every open extension page, typed by UiRequests. */
import browser from 'webextension-polyfill';
import type { UiKind, UiRequests } from '../messages';

/** Sends to open pages; none open is not an error (sendMessage rejects then). */
export async function broadcast<K extends UiKind>(kind: K, req: UiRequests[K]['req']): Promise<void> {
  await browser.runtime.sendMessage({ kind, ...req }).catch(() => undefined);
}
