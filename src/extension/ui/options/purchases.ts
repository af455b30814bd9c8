/**
 * One row per purchase for the history: merchant, amount, the card's state, and the
 * delivery's state (waiting for a courier, or read by which courier when). Pure.
 */
import type { AuditEvent, Card } from '../../../protocol';
import { displayText } from '../../../protocol';
import { dateTime } from '../format';

export interface Purchase {
  authorizationId: string;
  at: string;
  merchant: string;
  amount: number;
  card: string;
  delivery: string;
}

export function purchases(events: readonly AuditEvent[], cards: readonly Card[]): Purchase[] {
  const cardById = new Map(cards.map((c) => [c.id, c]));
  const resolvedBy = new Map<string, AuditEvent>();
  for (const e of events)
    if (e.kind === 'delivery.resolved' && e.card_id && !resolvedBy.has(e.card_id)) resolvedBy.set(e.card_id, e); // newest first
  const seen = new Set<string>();
  const out: Purchase[] = [];
  for (const e of events) {
    if (
      (e.kind !== 'authorization.captured' && e.kind !== 'authorization.approved') ||
      !e.authorization_id ||
      seen.has(e.authorization_id)
    )
      continue;
    seen.add(e.authorization_id);
    const card = e.card_id ? cardById.get(e.card_id) : undefined;
    const resolved = e.card_id ? resolvedBy.get(e.card_id) : undefined;
    const delivery = !card?.shipping
      ? 'your address (not masked)'
      : resolved
        ? `read by ${String(resolved.detail.courier ?? 'a courier')} on ${dateTime(resolved.created_at)}`
        : 'not yet read by a courier';
    out.push({
      authorizationId: e.authorization_id,
      at: e.created_at,
      // The registered vendor when the provider names it; older events: the name they carry.
      merchant: displayText(e.vendor?.name ?? String(e.detail.merchant_name ?? e.merchant_origin ?? '')),
      amount: e.amount ?? 0,
      card: card ? `•••• ${card.last4} · ${card.state}` : '',
      delivery,
    });
  }
  return out;
}
