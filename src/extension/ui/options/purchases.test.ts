import { describe, expect, it } from 'vitest';
import type { AuditEvent, Card } from '../../../protocol';
import { purchases } from './purchases';

const ev = (id: number, kind: AuditEvent['kind'], over: Partial<AuditEvent> = {}): AuditEvent => ({
  id,
  kind,
  card_id: 'card_a',
  authorization_id: 'auth_1',
  reason: null,
  amount: 49_00,
  currency: 'USD',
  merchant_origin: 'https://shop.example',
  vendor: null,
  detail: { merchant_name: 'Lumen' },
  created_at: '2026-11-22T10:00:00Z',
  ...over,
});
const card = {
  id: 'card_a',
  last4: '1234',
  state: 'active',
  shipping: { reference: 'VL-AAAA-BBBB' },
} as unknown as Card;

describe('purchases', () => {
  it('one row per charge, with the captured amount and whether a courier read the address', () => {
    const events = [
      ev(3, 'authorization.captured', { amount: 40_00 }),
      ev(2, 'authorization.approved'),
      ev(1, 'card.issued', { authorization_id: null }),
    ];
    expect(purchases(events, [card])).toEqual([
      {
        authorizationId: 'auth_1',
        at: '2026-11-22T10:00:00Z',
        merchant: 'Lumen',
        amount: 40_00,
        card: '•••• 1234 · active',
        delivery: 'not yet read by a courier',
      },
    ]);
    const read = [ev(4, 'delivery.resolved', { authorization_id: null, detail: { courier: 'Parcel Co' } }), ...events];
    expect(purchases(read, [card])[0]?.delivery).toMatch(/^read by Parcel Co on /);
    expect(purchases(events, [{ ...card, shipping: null }])[0]?.delivery).toBe('your address (not masked)');
  });
});
