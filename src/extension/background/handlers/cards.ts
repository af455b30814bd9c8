/** Issuing, listing, changing and filling cards for the shopper's current tab. */
import browser, { type Runtime } from 'webextension-polyfill';
import type { Card, CartAmount, IssuedCard } from '../../../protocol';
import type { CartTotal } from '../../messages';
import { capForCart } from '../../cart-cap';
import { MAX_VALIDITY_S, clipText, generateDeliveryKeyPair, keyToText } from '../../../protocol';
import type { Handlers } from '../router';
import {
  cardSecretId,
  cardsFor,
  digitalKeyId,
  getSecret,
  getSetting,
  putSecret,
  saveCards,
  toCachedCard,
} from '../../store';
import { frameAccess } from '../../frame-access';
import { requireKey } from '../session';
import { api } from '../api';
import { fillTab, tabOrigin } from '../fill';
import { fillValues } from '../fill-values';
import { framesOf, recordFrame } from '../frames';
import { paymentOriginsFor, senderOrigin, senderPlace } from '../allowed-frames';
import { cleanParts, settleHeldFrames } from '../held-frames';
import { parseCartTotal, totalTab } from '../cart-total';
import { recordTotal, totalOf } from '../tab-totals';
import { trialOfferFor } from '../trials/trial-offers';
import { syncTrialReminders } from '../trials/trial-reminders';

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

/** What a new card is issued for: the confirmed cart (null: none, the defaults apply), an opt-in conversion, a trial end. */
interface IssueChoice {
  mode?: Card['mode'] | undefined;
  cart?: CartAmount | null | undefined;
  fundFrom?: string | undefined;
  fxRate?: string | undefined;
  trialEndsAt?: string | undefined;
}

/** Seconds the card must live: the default, or longer when a trial ends later (a day past its end, within the provider's limit). */
function validityFor(defaultS: number, trialEndsAt: string | undefined): number {
  if (!trialEndsAt) return defaultS;
  const needed = Math.ceil((Date.parse(trialEndsAt) - Date.now()) / 1000) + 24 * 3600;
  return Math.min(MAX_VALIDITY_S, Math.max(defaultS, needed));
}

async function issueFor(tabId: number, choice: IssueChoice = {}): Promise<IssuedCard> {
  const { trialEndsAt } = choice;
  const key = await requireKey();
  const origin = await tabOrigin(tabId);
  const tab = await browser.tabs.get(tabId);
  const defaults = await getSetting('defaults');
  const chosen = choice.mode ?? defaults.mode;
  // No cart confirmed (the inline button): the total the page shows, as the popup would have offered it.
  const cart = choice.cart === undefined ? cartOf(await totalOf(tabId)) : choice.cart;
  // The page chose its title: cleaned and cut so the provider's schema takes it (a raw cut could split a pair).
  const name = clipText(tab.title ?? '', 200);
  // Digital delivery: the private key is sealed in the vault below, once the card has an id to bind it to.
  const delivery = defaults.digitalDelivery ? await generateDeliveryKeyPair() : undefined;
  // A cart: the card is in its currency, capped at the total plus the tolerance. None: the default cap, in USD.
  const cap = cart ? capForCart(cart.amount, cart.currency, defaults) : defaults.cap;
  const card = await api.call('cards.issue', {
    body: {
      merchant: { origin, ...(name ? { name } : {}) },
      mode: chosen,
      cap,
      validity_s: validityFor(Math.round(defaults.validityHours * 3600), trialEndsAt),
      // A recurring card needs a period limit; the default cap per month is the natural one.
      ...(chosen === 'recurring' ? { period_limit: cap, period: 'month' } : {}),
      ...(delivery ? { delivery: { digital_public_key: keyToText(delivery.publicKey) } } : {}),
      ...(cart ? { currency: cart.currency, cart } : {}),
      ...(cart && choice.fundFrom && choice.fundFrom !== cart.currency
        ? { fund_from: choice.fundFrom, ...(choice.fxRate ? { fx_rate: choice.fxRate } : {}) }
        : {}),
      ...(trialEndsAt ? { trial_ends_at: trialEndsAt } : {}),
    },
  });
  await putSecret(key, cardSecretId(card.id), JSON.stringify(card.secrets));
  if (delivery) await putSecret(key, digitalKeyId(card.id), keyToText(delivery.privateKey));
  const { secrets: _secrets, ...masked } = card;
  await saveCards([toCachedCard(masked)]);
  if (trialEndsAt) await syncTrialReminders([masked]).catch(() => undefined);
  return card;
}

/** The provider's cart: what the page showed, without its text (the page's words stay in the extension). */
const cartOf = (total: CartTotal | null): CartAmount | null =>
  total && total.amount > 0 ? { amount: total.amount, currency: total.currency } : null;

/** The card's number and CVC: from the vault, or revealed again by the provider. */
async function secretsOf(cardId: string): Promise<IssuedCard['secrets']> {
  const key = await requireKey();
  const stored = await getSecret(key, cardSecretId(cardId));
  if (stored) return JSON.parse(stored) as IssuedCard['secrets'];
  const revealed = await api.call('cards.reveal', { id: cardId });
  await putSecret(key, cardSecretId(cardId), JSON.stringify(revealed.secrets));
  return revealed.secrets;
}

async function fillCard(
  tabId: number,
  card: Pick<Card, 'id' | 'merchant' | 'state' | 'shipping' | 'payment_frames'>,
): Promise<number> {
  if (card.state !== 'active') throw new Error(`This card is ${card.state}; only active cards can be filled.`);
  return fillTab(
    tabId,
    { merchantOrigin: card.merchant.origin, paymentFrames: card.payment_frames },
    fillValues(await secretsOf(card.id), card.shipping),
  );
}

/** An active card among `cards` (this merchant's) with a use left, else a new one. */
async function usableCardFor(tabId: number, cards: Card[]): Promise<Card> {
  const usable = cards.find((c) => c.state === 'active' && (c.uses_allowed === null || c.uses_count < c.uses_allowed));
  if (usable) return usable;
  const { secrets: _s, ...issued } = await issueFor(tabId);
  return issued;
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

  'cards.issueForTab': async ({ tabId, ...choice }) => {
    const card = await issueFor(tabId, choice);
    const filled = await fillCard(tabId, card);
    const { secrets: _s, ...masked } = card;
    return { card: masked, filled };
  },

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
    const card = await usableCardFor(tabId, cards);
    return { filled: await fillCard(tabId, card) };
  },
};
