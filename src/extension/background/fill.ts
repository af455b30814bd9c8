/**
 * Sends card details to the frames of one tab that may receive them. The tab's top
 * origin must be the card's merchant; then each frame that reported fields is judged
 * by the origin the browser gave when it reported (frames.ts), with the shared rule
 * (src/extension/frame-access.ts): the top document and same-origin frames get
 * everything, a payment frame on the card's allowed list gets the card alone, and any
 * other frame — an ad showing card fields — gets nothing, not even a message. The
 * content script checks again, from its own window, right before writing.
 */
import browser from 'webextension-polyfill';
import type { ContentRequests, FillValues, Reply, Result } from '../messages';
import { frameAccess } from '../frame-access';
import { paymentOriginsFor } from './allowed-frames';
import { framesOf } from './frames';
import { judged } from './held-frames';
import { framesCompleted } from './tab-card-form';

export async function tabOrigin(tabId: number): Promise<string> {
  const tab = await browser.tabs.get(tabId);
  const url = tab.url ? new URL(tab.url) : undefined;
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:'))
    throw new Error('Veil cards work on web shops only (http or https pages).');
  return url.origin;
}

/** The card as fill needs it: its merchant and the payment frames its merchant declared. */
export interface FillTarget {
  merchantOrigin: string;
  paymentFrames: readonly string[];
}

interface Delivery {
  frameId: number;
  documentId?: string;
  cardOnly: boolean;
  /** Its held card fields belong to the tab's card form (tab-card-form.ts). */
  held: boolean;
}

export async function fillTab(tabId: number, card: FillTarget, values: FillValues): Promise<number> {
  const { merchantOrigin } = card;
  const topOrigin = await tabOrigin(tabId);
  if (topOrigin !== merchantOrigin)
    throw new Error(`This card is locked to ${merchantOrigin}, not the page in this tab.`);
  const paymentOrigins = paymentOriginsFor(card.paymentFrames);
  const deliveries: Delivery[] = [];
  const frames = await framesOf(tabId);
  // Judged afresh with this card's payment frames: hosted fields' expiry and CVC frames count beside the number.
  const completed = framesCompleted(judged(frames, topOrigin, paymentOrigins));
  for (const [frameId, frame] of frames) {
    const held = completed.has(frameId);
    if (frame.cardFields === 0 && frame.addressFields === 0 && !held) continue;
    const access = frameAccess(
      { isTop: frameId === 0, origin: frame.origin, topOrigin },
      merchantOrigin,
      paymentOrigins,
    );
    if (!access.allowed) continue;
    deliveries.push({
      frameId,
      ...(frame.documentId ? { documentId: frame.documentId } : {}),
      cardOnly: access.cardOnly,
      held,
    });
  }
  // Nothing allowed reported yet: offer it to the top document, which detects and rechecks.
  if (deliveries.length === 0) deliveries.push({ frameId: 0, cardOnly: false, held: false });
  let filled = 0;
  for (const { cardOnly, held, ...target } of deliveries) {
    // A payment frame never receives the shopper's address, not even to ignore it.
    const sent: FillValues = cardOnly ? (values.card ? { card: values.card } : {}) : values;
    if (!sent.card && cardOnly) continue;
    const message = {
      kind: 'content.fill' as const,
      merchantOrigin,
      paymentOrigins,
      values: sent,
      ...(held ? { held: true } : {}),
    };
    const reply = (await browser.tabs.sendMessage(tabId, message, target).catch(() => undefined)) as
      Result<Reply<ContentRequests, 'content.fill'>> | undefined;
    if (reply?.ok) filled += reply.value.filled;
  }
  return filled;
}
