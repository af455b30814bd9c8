/** The shopper's audit trail: append-only (a trigger refuses UPDATE and DELETE). */
import type { AuditEvent, EventKind, ReasonCode } from '../../protocol';
import { displayText } from '../../protocol';
import type { Sql } from '../db/db';

export interface NewEvent {
  shopperId: string;
  kind: EventKind;
  at: Date;
  cardId?: string | null;
  authorizationId?: string | null;
  reason?: ReasonCode | null;
  amount?: number | null;
  currency?: string | null;
  merchantOrigin?: string | null;
  detail?: Record<string, unknown>;
}

export async function recordEvent(sql: Sql, e: NewEvent): Promise<void> {
  await sql.query(
    `INSERT INTO events (shopper_id, kind, card_id, authorization_id, reason, amount, currency, merchant_origin, detail, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      e.shopperId,
      e.kind,
      e.cardId ?? null,
      e.authorizationId ?? null,
      e.reason ?? null,
      e.amount ?? null,
      e.currency ?? null,
      e.merchantOrigin ?? null,
      JSON.stringify(e.detail ?? {}),
      e.at,
    ],
  );
}

interface EventRow {
  id: number;
  kind: EventKind;
  card_id: string | null;
  authorization_id: string | null;
  reason: ReasonCode | null;
  amount: number | null;
  currency: string | null;
  merchant_origin: string | null;
  detail: Record<string, unknown> | string;
  created_at: Date;
  vendor_name: string | null;
  vendor_origin: string | null;
}

export async function listEvents(
  sql: Sql,
  shopperId: string,
  q: {
    limit?: number | undefined;
    before?: number | undefined;
    after?: number | undefined;
    card_id?: string | undefined;
    merchant?: string | undefined;
    kind?: EventKind | undefined;
  },
): Promise<AuditEvent[]> {
  const rows = await sql.query<EventRow>(
    // The vendor as registered, for events about an authorization: what notifications headline.
    `SELECT e.id, e.kind, e.card_id, e.authorization_id, e.reason, e.amount, e.currency, e.merchant_origin, e.detail, e.created_at,
            v.name AS vendor_name, v.origin AS vendor_origin
     FROM events e LEFT JOIN authorizations z ON z.id = e.authorization_id LEFT JOIN vendors v ON v.id = z.vendor_id
     WHERE e.shopper_id = $1 AND ($2::bigint IS NULL OR e.id < $2) AND ($3::text IS NULL OR e.card_id = $3)
       AND ($4::text IS NULL OR e.merchant_origin = $4) AND ($5::text IS NULL OR e.kind = $5) AND ($7::bigint IS NULL OR e.id > $7)
     ORDER BY CASE WHEN $7::bigint IS NULL THEN -e.id ELSE e.id END LIMIT $6`,
    [
      shopperId,
      q.before ?? null,
      q.card_id ?? null,
      q.merchant ?? null,
      q.kind ?? null,
      q.limit ?? 100,
      q.after ?? null,
    ],
  );
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    card_id: r.card_id,
    authorization_id: r.authorization_id,
    reason: r.reason,
    amount: r.amount,
    currency: r.currency,
    merchant_origin: r.merchant_origin,
    vendor:
      r.vendor_name !== null && r.vendor_origin !== null
        ? { name: displayText(r.vendor_name), origin: r.vendor_origin }
        : null,
    detail: typeof r.detail === 'string' ? (JSON.parse(r.detail) as Record<string, unknown>) : r.detail,
    created_at: r.created_at.toISOString(),
  }));
}
