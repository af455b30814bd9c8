/** Listing, changing and filling cards for the shopper's current tab; what the content script reports. */
import browser, { type Runtime } from 'webextension-polyfill';
import type { Card } from '../../../protocol';
import type { Handlers } from '../router';
import { cardsFor, saveCards, toCachedCard } from '../../store';
import { frameAccess } from '../../frame-access';
import { api } from '../api';
import { tabOrigin } from '../fill';
import { framesOf, recordFrame } from '../frames';
import { paymentOriginsFor, senderOrigin, senderPlace } from '../allowed-frames';
import { cleanParts, settleHeldFrames } from '../held-frames';
import { parseCartTotal, totalTab } from '../cart-total';
import { recordTotal, totalOf } from '../tab-totals';
import { trialOfferFor } from '../trials/trial-offers';
import { syncTrialReminders } from '../trials/trial-reminders';
import { fillCard, issueAndFill, secretsOf, usableCard } from '../issue-card';
import { trialChoice } from './trial-choice';

type CardHandlers = Pick<
  Handlers,
  | 'tab.checkout'
  | 'cards.issueForTab'
  | 'fx.quote'
  | 'cards.list'
  | 'cards.update'
  | 'cards.reveal'
  | 'cards.fill'
  | 'content.detected'
  | 'content.fillRequested'
  | 'content.cartTotal'
>;

async function fetchCards(origin?: string): Promise<Card[]> {
  const { cards } = await api.call('cards.list', { query: origin ? { origin } : {} });
  await saveCards(cards.map(toCachedCard));
  await syncTrialReminders(cards).catch(() => undefined); // reminders are a help; listing must not fail for them
  return cards;
}

/**
 * May the sender frame show the inline button? Judged like a fill, with what is known
 * without asking the provider — this runs for every frame with a form, and asking
 * would tell the provider every site the shopper opens: the curated payment origins
 * and the frames declared with this merchant's cards already cached. A shop's own
 * (uncurated) hosted fields on the first visit show no button until a card exists;
 * the toolbar popup fills them.
 */
async function inlineButtonAllowed(
  tabId: number,
  sender: Runtime.MessageSender,
): Promise<{ inlineButton: boolean; held: boolean }> {
  const topOrigin = await tabOrigin(tabId).catch(() => null);
  if (!topOrigin) return { inlineButton: false, held: false };
  const declared = (await cardsFor(topOrigin)).flatMap((c) => c.paymentFrames);
  const paymentOrigins = paymentOriginsFor(declared);
  // The same frames judged together as a fill would be: this frame's held fields, and any other frame's.
  const completed = await settleHeldFrames(tabId, topOrigin, paymentOrigins, sender.frameId ?? -1);
  return {
    inlineButton: frameAccess(senderPlace(sender, topOrigin), topOrigin, paymentOrigins).allowed,
    held: sender.frameId !== undefined && completed.has(sender.frameId),
  };
}

export const cardHandlers: CardHandlers = {
  'tab.checkout': async ({ tabId }) => {
    const origin = await tabOrigin(tabId).catch(() => null);
    const detected = [...(await framesOf(tabId)).values()].some((d) => d.checkout || d.completed === true);
    let cards: Card[] = [];
    if (origin) cards = await fetchCards(origin);
    return { tabId, origin, detected, cards, total: await totalOf(tabId), trial: await trialOfferFor(tabId) };
  },

  'cards.issueForTab': ({ tabId, ...choice }) => issueAndFill(tabId, choice),

  'cards.list': ({ origin }) => fetchCards(origin),

  'fx.quote': ({ currency, fundFrom, amount }) =>
    api.call('fx.quote', { query: { currency, fund_from: fundFrom, amount } }),

  'cards.update': async ({ id, ...change }) => {
    const card = await api.call('cards.update', { id, body: change });
    await saveCards([toCachedCard(card)]);
    await syncTrialReminders([card]).catch(() => undefined);
    return card;
  },

  // The vault's copy when it has one (no provider call, no audit event), else the provider's audited reveal.
  'cards.reveal': ({ id }) => secretsOf(id),

  'cards.fill': async ({ tabId, cardId }) => {
    const card = await api.call('cards.get', { id: cardId });
    return { filled: await fillCard(tabId, card) };
  },

  'content.detected': async (detection, sender) => {
    const tabId = sender.tab?.id;
    if (tabId === undefined || sender.frameId === undefined) return { inlineButton: false, held: false };
    const held = cleanParts(detection.held);
    await recordFrame(tabId, sender.frameId, {
      cardFields: Number(detection.cardFields) || 0,
      addressFields: Number(detection.addressFields) || 0,
      checkout: detection.checkout === true,
      origin: senderOrigin(sender),
      ...(sender.documentId ? { documentId: sender.documentId } : {}),
      ...(held.length ? { held, parts: cleanParts(detection.parts) } : {}),
    });
    // Card fields in any frame: the top page holds the order summary, so ask it to read
    // the total and keep it current (idempotent there). Pages without card fields never read.
    if (detection.checkout === true || held.length > 0 || Number(detection.cardFields) > 0)
      void browser.tabs.sendMessage(tabId, { kind: 'content.watchTotal' }, { frameId: 0 }).catch(() => undefined);
    return inlineButtonAllowed(tabId, sender);
  },

  // Only the tab's top frame (the browser's word, not the script's) sets its total.
  'content.cartTotal': async ({ total }, sender) => {
    await recordTotal(totalTab(sender), parseCartTotal(total));
    return null;
  },

  // Only the merchant's own frames and its payment frames may ask: a click in an ad
  // frame (on a disguised button, say) must not issue or fill a card.
  'content.fillRequested': async (_req, sender) => {
    const tabId = sender.tab?.id;
    if (tabId === undefined || sender.frameId === undefined) throw new Error('no tab');
    const topOrigin = await tabOrigin(tabId);
    const cards = await fetchCards(topOrigin);
    // Every card of one merchant carries the same declared frames (the provider reads them by origin).
    const access = frameAccess(
      senderPlace(sender, topOrigin),
      topOrigin,
      paymentOriginsFor(cards[0]?.payment_frames ?? []),
    );
    if (!access.allowed) throw new Error(`Veil does not fill from this frame: ${access.reason}.`);
    const usable = usableCard(cards);
    if (usable) return { filled: await fillCard(tabId, usable) };
    // A new card on a page that offers a free trial: the shopper answers in an extension
    // window first (trials/trial-choice.ts); the page's guess is never applied unseen.
    const offer = await trialOfferFor(tabId);
    if (offer) {
      await trialChoice.ask(tabId, topOrigin, offer);
      return { filled: 0, asked: true };
    }
    return { filled: (await issueAndFill(tabId)).filled };
  },
};
