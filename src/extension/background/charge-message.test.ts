import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../protocol';
import { chargeMessage } from './charge-message';

const event = (over: Partial<AuditEvent>): AuditEvent => ({
  id: 1,
  kind: 'authorization.approved',
  card_id: 'card_a',
  authorization_id: 'auth_a',
  reason: '00',
  amount: 49_00,
  currency: 'USD',
  merchant_origin: 'https://lumen.example',
  vendor: { name: 'Lumen & Co.', origin: 'https://lumen.example' },
  detail: { merchant_name: 'Lumen & Co.' },
  created_at: '2026-12-05T00:00:00Z',
  ...over,
});

describe('charge notifications', () => {
  it('lead with the registered vendor and origin', () => {
    expect(chargeMessage(event({}))).toBe('Lumen & Co. (https://lumen.example) charged your Veil card.');
  });

  it('show a different sent name last, labelled, without bidi or control characters', () => {
    const message = chargeMessage(event({ detail: { merchant_name: '\u202EPayPal\u202C\nRefund due' } }));
    expect(message).toBe('Lumen & Co. (https://lumen.example) charged your Veil card. Sent as “PayPal Refund due”.');
    expect(message).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C\n]/);
  });

  it('declines say why, cleaned too', () => {
    expect(chargeMessage(event({ kind: 'authorization.declined', detail: { why: 'over\u202E the cap' } }))).toBe(
      'Lumen & Co. (https://lumen.example) tried to charge your Veil card: over the cap.',
    );
  });
});
