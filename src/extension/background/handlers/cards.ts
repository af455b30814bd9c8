/** Issuing, listing, changing and filling cards for the shopper's current tab. */
import browser from 'webextension-polyfill';
import type { Card, IssuedCard } from '../../../protocol';
import { clipText } from '../../../protocol';
import type { Handlers } from '../router';
import { cardSecretId, getSecret, getSetting, putSecret, saveCards, toCachedCard } from '../../store';
import { asDevice, requireKey } from '../session';
import { fillTab, tabOrigin } from '../fill';
import { fillValues } from '../fill-values';
import { framesOf, recordFrame } from '../frames';

type CardHandlers = Pick<Handlers, 'tab.checkout' | 'cards.issueForTab' | 'cards.list' | 'cards.update' | 'cards.fill' | 'content.detected' | 'content.fillRequested'>;

async function fetchCards(origin?: string): Promise<Card[]> {
  const q = origin ? `?origin=${encodeURIComponent(origin)}` : '';
  const { cards } = await asDevice<{ cards: Card[] }>(`/v1/shopper/cards${q}`);
  await saveCards(cards.map(toCachedCard));
  return cards;
}

async function issueFor(tabId: number, mode?: Card['mode']): Promise<IssuedCard> {
  const key = await requireKey();
  const origin = await tabOrigin(tabId);
  const tab = await browser.tabs.get(tabId);
  const defaults = await getSetting('defaults');
  const chosen = mode ?? defaults.mode;
  // The page chose its title: cleaned and cut so the provider's schema takes it (a raw cut could split a pair).
  const name = clipText(tab.title ?? '', 200);
  const card = await asDevice<IssuedCard>('/v1/shopper/cards', {
    method: 'POST',
    body: {
      merchant: { origin, ...(name ? { name } : {}) },
      mode: chosen,
      cap: defaults.cap,
      validity_s: Math.round(defaults.validityHours * 3600),
      // A recurring card needs a period limit; the default cap per month is the natural one.
      ...(chosen === 'recurring' ? { period_limit: defaults.cap, period: 'month' } : {}),
    },
  });
  await putSecret(key, cardSecretId(card.id), JSON.stringify(card.secrets));
  const { secrets: _secrets, ...masked } = card;
  await saveCards([toCachedCard(masked)]);
  return card;
}

/** The card's number and CVC: from the vault, or revealed again by the provider. */
async function secretsOf(cardId: string): Promise<IssuedCard['secrets']> {
  const key = await requireKey();
  const stored = await getSecret(key, cardSecretId(cardId));
  if (stored) return JSON.parse(stored) as IssuedCard['secrets'];
  const revealed = await asDevice<IssuedCard>(`/v1/shopper/cards/${encodeURIComponent(cardId)}/reveal`, { method: 'POST' });
  await putSecret(key, cardSecretId(cardId), JSON.stringify(revealed.secrets));
  return revealed.secrets;
}

async function fillCard(tabId: number, card: Pick<Card, 'id' | 'merchant' | 'state' | 'shipping'>): Promise<number> {
  if (card.state !== 'active') throw new Error(`This card is ${card.state}; only active cards can be filled.`);
  return fillTab(tabId, card.merchant.origin, fillValues(await secretsOf(card.id), card.shipping));
}

/** An active card for this merchant with a use left, else a new one. */
async function usableCardFor(tabId: number): Promise<Card> {
  const origin = await tabOrigin(tabId);
  const usable = (await fetchCards(origin)).find((c) => c.state === 'active' && (c.uses_allowed === null || c.uses_count < c.uses_allowed));
  if (usable) return usable;
  const { secrets: _s, ...issued } = await issueFor(tabId);
  return issued;
}

export const cardHandlers: CardHandlers = {
  'tab.checkout': async ({ tabId }) => {
    const origin = await tabOrigin(tabId).catch(() => null);
    const detected = [...(await framesOf(tabId)).values()].some((d) => d.checkout);
    let cards: Card[] = [];
    if (origin) cards = await fetchCards(origin);
    return { tabId, origin, detected, cards };
  },

  'cards.issueForTab': async ({ tabId, mode }) => {
    const card = await issueFor(tabId, mode);
    const filled = await fillCard(tabId, card);
    const { secrets: _s, ...masked } = card;
    return { card: masked, filled };
  },

  'cards.list': ({ origin }) => fetchCards(origin),

  'cards.update': async ({ id, ...change }) => {
    const card = await asDevice<Card>(`/v1/shopper/cards/${encodeURIComponent(id)}`, { method: 'PATCH', body: change });
    await saveCards([toCachedCard(card)]);
    return card;
  },

  'cards.fill': async ({ tabId, cardId }) => {
    const card = await asDevice<Card>(`/v1/shopper/cards/${encodeURIComponent(cardId)}`);
    return { filled: await fillCard(tabId, card) };
  },

  'content.detected': async (detection, sender) => {
    if (sender.tab?.id === undefined) return null;
    await recordFrame(sender.tab.id, sender.frameId ?? 0, {
      cardFields: Number(detection.cardFields) || 0,
      addressFields: Number(detection.addressFields) || 0,
      checkout: detection.checkout === true,
    });
    return null;
  },

  'content.fillRequested': async (_req, sender) => {
    const tabId = sender.tab?.id;
    if (tabId === undefined) throw new Error('no tab');
    const card = await usableCardFor(tabId);
    return { filled: await fillCard(tabId, card) };
  },
};
