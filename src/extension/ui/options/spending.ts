/**
 * Spending trends from the audit trail. A charge counts from its approval; a capture
 * replaces the amount with what was taken; a reversal or lapsed hold drops it; refunds
 * subtract. Pure, so the chart's numbers are tested without a browser.
 */
import type { AuditEvent } from '../../../protocol';

export interface Spend {
  merchant: string;
  card: string; // the card's id ('' when the event named none)
  month: string; // YYYY-MM
  amount: number;
}

export function spendPerCharge(events: readonly AuditEvent[]): Spend[] {
  const charges = new Map<string, Spend>();
  const oldestFirst = [...events].sort((a, b) => a.id - b.id);
  for (const e of oldestFirst) {
    const id = e.authorization_id;
    if (!id) continue;
    const current = charges.get(id);
    switch (e.kind) {
      case 'authorization.approved':
        charges.set(id, {
          merchant: e.merchant_origin ?? 'unknown',
          card: e.card_id ?? '',
          month: e.created_at.slice(0, 7),
          amount: e.amount ?? 0,
        });
        break;
      case 'authorization.captured':
        if (current) current.amount = e.amount ?? current.amount;
        break;
      case 'authorization.reversed':
      case 'authorization.expired':
        if (current) current.amount = 0;
        break;
      case 'authorization.refunded':
        if (current) current.amount = Math.max(0, current.amount - (e.amount ?? 0));
        break;
    }
  }
  return [...charges.values()].filter((s) => s.amount > 0);
}

export function totalsBy(
  spends: readonly Spend[],
  key: 'merchant' | 'month' | 'card',
): { label: string; amount: number }[] {
  const totals = new Map<string, number>();
  for (const s of spends) totals.set(s[key], (totals.get(s[key]) ?? 0) + s.amount);
  const rows = [...totals].map(([label, amount]) => ({ label, amount }));
  return key === 'month'
    ? rows.sort((a, b) => a.label.localeCompare(b.label))
    : rows.sort((a, b) => b.amount - a.amount);
}
