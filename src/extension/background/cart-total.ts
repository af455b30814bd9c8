/**
 * What the background accepts as a tab's order total (`content.cartTotal`). The content
 * script runs inside the page, so its report is data to check, not a fact: the sender
 * must be the tab's top frame (the browser says which frame sent it; the summary a
 * shopper sees is in the top document even when the card fields sit in a payment frame,
 * and a frame of an ad must not set the figure the popup offers as a cap), and the body
 * must be a sane total. The router has already checked that a content script sent it.
 */
import type { Runtime } from 'webextension-polyfill';
import type { CartTotal } from '../messages';

/** Far above any cart; keeps the figure a safe integer in every currency's minor units. */
const MAX_AMOUNT = 1e12;
const MAX_TEXT = 64;
const ISO_CODE = /^[A-Z]{3}$/;

/** The tab a total may be recorded for: the sender's own tab, and only from its top frame. */
export function totalTab(sender: Pick<Runtime.MessageSender, 'tab' | 'frameId'>): number {
  const tabId = sender.tab?.id;
  if (tabId === undefined) throw new Error('content.cartTotal needs a tab');
  if (sender.frameId !== 0) throw new Error('content.cartTotal is accepted from the top frame only');
  return tabId;
}

/** The total, cleaned; null for "none shown"; throws on anything else (a malformed or absurd report). */
export function parseCartTotal(v: unknown): CartTotal | null {
  if (v === null) return null;
  if (typeof v !== 'object' || Array.isArray(v)) throw new Error('malformed total');
  const { amount, currency, text } = v as Record<string, unknown>;
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount <= 0 || amount > MAX_AMOUNT)
    throw new Error('malformed total amount');
  if (typeof currency !== 'string' || !ISO_CODE.test(currency)) throw new Error('malformed total currency');
  if (typeof text !== 'string') throw new Error('malformed total text');
  return { amount, currency, text: text.trim().slice(0, MAX_TEXT) };
}
