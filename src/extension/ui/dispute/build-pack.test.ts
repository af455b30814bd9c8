import { describe, expect, it } from 'vitest';
import type { AuditEvent, Card } from '../../../protocol';
import { card, pendingCharge } from '../testing/samples';
import { receiptClaims, signedReceipts } from '../testing/receipts';
import { buildDisputePack, DISPUTE_PACK_FORMAT, packFileName } from './build-pack';

const ev = (id: number, kind: AuditEvent['kind'], over: Partial<AuditEvent> = {}): AuditEvent => ({
  id,
  kind,
  card_id: 'card_1',
  authorization_id: 'auth_1',
  reason: null,
  amount: 12_50,
  currency: 'USD',
  merchant_origin: 'https://books.example',
  vendor: null,
  detail: {},
  created_at: `2026-12-05T07:0${id}:00.000Z`,
  ...over,
});

describe('buildDisputePack', () => {
  it("gathers the purchase's receipts, the card's limits, the cart total, the shop and this purchase's timeline", async () => {
    const { receipts } = await signedReceipts([
      receiptClaims(),
      receiptClaims({ status: 'captured', time: '2026-12-05T07:05:00.000Z' }),
    ]);
    const authorization = pendingCharge({ status: 'captured', reason: '00', receipts });
    const theCard = {
      ...card({ id: 'card_1', purchasing_id: 'VL-1234-5678', cap: 20_00, period_limit: null }),
      cart: { amount: 12_50, currency: 'USD' },
    } as Card;
    const events = [
      ev(4, 'authorization.captured', { reason: '00' }),
      ev(3, 'authorization.approved', { authorization_id: 'auth_other' }), // another charge on the card
      ev(2, 'authorization.approved', { reason: '00' }),
      ev(1, 'card.issued', { authorization_id: null, amount: null }),
    ];
    const pack = buildDisputePack({
      authorization,
      card: theCard,
      events,
      providerUrl: 'https://veil.example/base',
      now: new Date('2026-12-05T08:00:00Z'),
    });
    expect(pack).toMatchObject({
      format: DISPUTE_PACK_FORMAT,
      generated_at: '2026-12-05T08:00:00.000Z',
      shop_origin: 'https://books.example',
      purchase: { authorization_id: 'auth_1', amount: 12_50, currency: 'USD', status: 'captured' },
      card: { purchasing_id: 'VL-1234-5678', cap: 20_00, period_limit: null },
      cart_total: { amount: 12_50, currency: 'USD' },
      receipts,
      keys_url: 'https://veil.example/.well-known/veil-receipts.json',
    });
    expect(pack.receipt_claims.map((c) => c?.status)).toEqual(['approved', 'captured']);
    expect(pack.timeline.map((t) => t.kind)).toEqual([
      'card.issued',
      'authorization.approved',
      'authorization.captured',
    ]);
    // The card's number never enters a pack: the card has none here, and the pack names the purchasing ID.
    expect(JSON.stringify(pack)).not.toMatch(/"number"|"cvc"/);
    expect(packFileName(pack)).toBe('veil-dispute-auth_1.json');
  });

  it('says so when the card has no cart total or is gone, and a charge without receipts has none', () => {
    const pack = buildDisputePack({
      authorization: pendingCharge(),
      card: null,
      events: [],
      providerUrl: 'http://127.0.0.1:8787',
      now: new Date(),
    });
    expect(pack).toMatchObject({ card: null, cart_total: null, receipts: [], receipt_claims: [], timeline: [] });
  });
});
