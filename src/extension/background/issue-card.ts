/**
 * Issuing a card for the shopper's tab and filling it: the one path the popup's button,
 * the inline button and the inline button's trial question (trials/trial-choice.ts) share.
 * The secrets go to the vault, then to the frames fill.ts allows; never anywhere else.
 */
import browser from 'webextension-polyfill';
import type { Card, CartAmount, IssuedCard } from '../../protocol';
import type { CartTotal } from '../messages';
import { capForCart } from '../cart-cap';
import { MAX_VALIDITY_S, clipText, generateDeliveryKeyPair, keyToText } from '../../protocol';
import { cardSecretId, digitalKeyId, getSecret, getSetting, putSecret, saveCards, toCachedCard } from '../store';
import { requireKey } from './session';
import { api } from './api';
import { fillTab, tabOrigin } from './fill';
import { fillValues } from './fill-values';
import { totalOf } from './tab-totals';
import { syncTrialReminders } from './trials/trial-reminders';

/** What a new card is issued for: the confirmed cart (null: none, the defaults apply), an opt-in conversion, a trial end. */
export interface IssueChoice {
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

export async function issueFor(tabId: number, choice: IssueChoice = {}): Promise<IssuedCard> {
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
export async function secretsOf(cardId: string): Promise<IssuedCard['secrets']> {
  const key = await requireKey();
  const stored = await getSecret(key, cardSecretId(cardId));
  if (stored) return JSON.parse(stored) as IssuedCard['secrets'];
  const revealed = await api.call('cards.reveal', { id: cardId });
  await putSecret(key, cardSecretId(cardId), JSON.stringify(revealed.secrets));
  return revealed.secrets;
}

export async function fillCard(
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

/** An active card among `cards` (this merchant's) with a use left: the inline button fills it rather than issue another. */
export const usableCard = (cards: Card[]): Card | undefined =>
  cards.find((c) => c.state === 'active' && (c.uses_allowed === null || c.uses_count < c.uses_allowed));

/** A new card for the tab, filled at once; the answer carries it without its secrets. */
export async function issueAndFill(tabId: number, choice: IssueChoice = {}): Promise<{ card: Card; filled: number }> {
  const card = await issueFor(tabId, choice);
  const filled = await fillCard(tabId, card);
  const { secrets: _s, ...masked } = card;
  return { card: masked, filled };
}
