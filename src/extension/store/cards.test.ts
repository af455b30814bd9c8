import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Card } from '../../protocol';
import { cardsFor, clearCards, saveCards, toCachedCard, type CachedCard } from './cards';
import { db } from './db';
import { clearDb } from './test-db';

beforeEach(clearDb);

function card(id: string, merchantOrigin: string, createdAt: string, extra: Partial<CachedCard> = {}): CachedCard {
  return {
    id,
    purchasingId: `p_${id}`,
    last4: '4242',
    brand: 'visa',
    mode: 'notification',
    state: 'active',
    merchantOrigin,
    merchantName: null,
    cap: 5_000,
    usesAllowed: 1,
    usesCount: 0,
    validUntil: '2030-01-01T00:00:00.000Z',
    createdAt,
    paymentFrames: [],
    ...extra,
  };
}

const SHOP = 'https://shop.example';
const OTHER = 'https://other.example';

describe('cards repository', () => {
  it('filters by merchant origin, newest first', async () => {
    await saveCards([
      card('a', SHOP, '2025-01-01T00:00:00.000Z'),
      card('b', OTHER, '2025-01-02T00:00:00.000Z'),
      card('c', SHOP, '2025-01-03T00:00:00.000Z'),
    ]);
    expect((await cardsFor(SHOP)).map((c) => c.id)).toEqual(['c', 'a']);
    expect((await cardsFor(OTHER)).map((c) => c.id)).toEqual(['b']);
    expect(await cardsFor('https://nowhere.example')).toEqual([]);
    expect((await cardsFor()).map((c) => c.id)).toEqual(['c', 'b', 'a']);
  });

  it('upserts by id', async () => {
    await saveCards([card('a', SHOP, '2025-01-01T00:00:00.000Z')]);
    await saveCards([card('a', SHOP, '2025-01-01T00:00:00.000Z', { state: 'paused', usesCount: 1 })]);
    expect(await cardsFor(SHOP)).toEqual([
      card('a', SHOP, '2025-01-01T00:00:00.000Z', { state: 'paused', usesCount: 1 }),
    ]);
  });

  it('keeps only masked fields, even when handed a card that carries its secrets', async () => {
    const issued = {
      ...card('a', SHOP, '2025-01-01T00:00:00.000Z'),
      secrets: { number: '4111111111114242', cvc: '123' },
    };
    await saveCards([issued]);
    const raw = JSON.stringify(await db.cards.toArray());
    expect(raw).not.toContain('4111111111114242');
    expect(raw).not.toContain('secrets');
  });

  it('refuses a last4 that is not four digits', async () => {
    await expect(
      saveCards([card('a', SHOP, '2025-01-01T00:00:00.000Z', { last4: '4111111111114242' })]),
    ).rejects.toThrow(/four digits/);
    expect(await db.cards.count()).toBe(0);
  });

  it('clears', async () => {
    await saveCards([card('a', SHOP, '2025-01-01T00:00:00.000Z')]);
    await clearCards();
    expect(await cardsFor()).toEqual([]);
  });

  it('maps a protocol card to the cache shape', () => {
    const protocolCard: Card = {
      id: 'crd_1',
      purchasing_id: 'pur_1',
      last4: '0005',
      brand: 'visa',
      exp_month: 1,
      exp_year: 2030,
      mode: 'confirmation',
      state: 'paused',
      merchant: { origin: SHOP, name: 'Shop' },
      currency: 'USD',
      cap: 2_500,
      uses_allowed: null,
      uses_count: 3,
      period_limit: null,
      period: null,
      confirm_window_s: 60,
      valid_until: '2030-01-01T00:00:00.000Z',
      created_at: '2025-01-01T00:00:00.000Z',
      shipping: null,
      payment_frames: ['https://pay.example'],
      cart: null,
      funding: null,
    };
    expect(toCachedCard(protocolCard)).toEqual({
      id: 'crd_1',
      purchasingId: 'pur_1',
      last4: '0005',
      brand: 'visa',
      mode: 'confirmation',
      state: 'paused',
      merchantOrigin: SHOP,
      merchantName: 'Shop',
      cap: 2_500,
      usesAllowed: null,
      usesCount: 3,
      validUntil: '2030-01-01T00:00:00.000Z',
      createdAt: '2025-01-01T00:00:00.000Z',
      paymentFrames: ['https://pay.example'],
    });
  });
});
