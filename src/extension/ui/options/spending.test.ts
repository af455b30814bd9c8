import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../../protocol';
import { spendPerCharge, totalsBy } from './spending';

let nextId = 1;
const ev = (
  kind: AuditEvent['kind'],
  auth: string,
  amount: number,
  merchant = 'https://a.example',
  at = '2026-10-05T10:00:00Z',
): AuditEvent => ({
  id: nextId++,
  kind,
  card_id: 'card_x',
  authorization_id: auth,
  reason: null,
  amount,
  currency: 'USD',
  merchant_origin: merchant,
  vendor: null,
  detail: {},
  created_at: at,
});

describe('spending', () => {
  it('totals by card, largest first', () => {
    const a = ev('authorization.approved', 'c1', 10_00);
    const b = { ...ev('authorization.approved', 'c2', 30_00), card_id: 'card_y' };
    const c = ev('authorization.approved', 'c3', 5_00);
    expect(totalsBy(spendPerCharge([a, b, c]), 'card')).toEqual([
      { label: 'card_y', amount: 30_00 },
      { label: 'card_x', amount: 15_00 },
    ]);
  });

  it('counts approvals, replaces with captures, drops reversals, subtracts refunds', () => {
    const events = [
      ev('authorization.approved', 'a1', 50_00),
      ev('authorization.captured', 'a1', 40_00),
      ev('authorization.refunded', 'a1', 10_00),
      ev('authorization.approved', 'a2', 20_00, 'https://b.example', '2026-11-01T00:00:00Z'),
      ev('authorization.approved', 'a3', 99_00),
      ev('authorization.reversed', 'a3', 99_00),
      ev('authorization.declined', 'a4', 5_00),
    ];
    const spends = spendPerCharge(events.reverse()); // the API lists newest first
    expect(spends).toEqual([
      { merchant: 'https://a.example', card: 'card_x', month: '2026-10', amount: 30_00 },
      { merchant: 'https://b.example', card: 'card_x', month: '2026-11', amount: 20_00 },
    ]);
    expect(totalsBy(spends, 'month')).toEqual([
      { label: '2026-10', amount: 30_00 },
      { label: '2026-11', amount: 20_00 },
    ]);
    expect(totalsBy(spends, 'merchant')[0]).toEqual({ label: 'https://a.example', amount: 30_00 });
  });
});
