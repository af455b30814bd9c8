/**
 * Sends card details to the frames of one tab that reported fields. The content
 * script checks again, just before writing, that its top-level origin is the card's
 * merchant; here the tab's origin is checked first, so a card never even travels to
 * a page of another origin.
 */
import browser from 'webextension-polyfill';
import type { ContentRequests, FillValues, Reply, Result } from '../messages';
import { framesOf } from './frames';

export async function tabOrigin(tabId: number): Promise<string> {
  const tab = await browser.tabs.get(tabId);
  const url = tab.url ? new URL(tab.url) : undefined;
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) throw new Error('Veil cards work on web shops only (http or https pages).');
  return url.origin;
}

export async function fillTab(tabId: number, merchantOrigin: string, values: FillValues): Promise<number> {
  if ((await tabOrigin(tabId)) !== merchantOrigin) throw new Error(`This card is locked to ${merchantOrigin}, not the page in this tab.`);
  const frames = await framesOf(tabId);
  const targets = [...frames].filter(([, d]) => d.cardFields > 0 || d.addressFields > 0).map(([id]) => id);
  if (targets.length === 0) targets.push(0); // nothing reported yet: offer it to the top frame, which rechecks
  let filled = 0;
  for (const frameId of targets) {
    const message = { kind: 'content.fill' as const, merchantOrigin, values };
    const reply = (await browser.tabs.sendMessage(tabId, message, { frameId }).catch(() => undefined)) as Result<Reply<ContentRequests, 'content.fill'>> | undefined;
    if (reply?.ok) filled += reply.value.filled;
  }
  return filled;
}
