/** The cached audit trail behind the options page's history and spending chart. */
import type { AuditEvent } from '../../protocol';
import { db } from './db';

export interface CachedEvent {
  /** The provider's event id: increasing, so upserts are idempotent. */
  id: number;
  kind: AuditEvent['kind'];
  cardId: string | null;
  authorizationId: string | null;
  reason: AuditEvent['reason'];
  amount: number | null;
  currency: string | null;
  merchantOrigin: string | null;
  /** The charging vendor as registered; absent on events cached before the provider sent it. */
  vendor?: AuditEvent['vendor'];
  detail: Record<string, unknown>;
  /** ISO 8601 */
  createdAt: string;
}

export interface EventFilter {
  /** A merchant origin, matched exactly. */
  merchant?: string;
  kind?: string;
  limit?: number;
}

export function toCachedEvent(event: AuditEvent): CachedEvent {
  return {
    id: event.id,
    kind: event.kind,
    cardId: event.card_id,
    authorizationId: event.authorization_id,
    reason: event.reason,
    amount: event.amount,
    currency: event.currency,
    merchantOrigin: event.merchant_origin,
    vendor: event.vendor,
    detail: event.detail,
    createdAt: event.created_at,
  };
}

/** The inverse of toCachedEvent, for replies typed with the protocol's AuditEvent. */
export function toAuditEvent(event: CachedEvent): AuditEvent {
  return {
    id: event.id,
    kind: event.kind,
    card_id: event.cardId,
    authorization_id: event.authorizationId,
    reason: event.reason,
    amount: event.amount,
    currency: event.currency,
    merchant_origin: event.merchantOrigin,
    vendor: event.vendor ?? null,
    detail: event.detail,
    created_at: event.createdAt,
  };
}

/** Upserts by id. */
export async function saveEvents(events: CachedEvent[]): Promise<void> {
  await db.events.bulkPut(events);
}

/** Newest first; ties on createdAt keep the later (higher) id first. */
export async function listEvents(filter: EventFilter = {}): Promise<CachedEvent[]> {
  const { merchant, kind, limit } = filter;
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1))
    throw new Error(`limit must be a positive integer, got ${limit}`);
  if (merchant === undefined && kind === undefined) {
    const newest = db.events.orderBy('createdAt').reverse();
    return limit === undefined ? newest.toArray() : newest.limit(limit).toArray();
  }
  // Narrow by the index that is given, then check the other field; sorting a per-merchant slice in memory is cheap.
  const rows =
    merchant !== undefined
      ? db.events.where('merchantOrigin').equals(merchant)
      : db.events.where('kind').equals(kind ?? '');
  const matching = await rows.and((e) => kind === undefined || e.kind === kind).toArray();
  matching.sort(newestFirst);
  return limit === undefined ? matching : matching.slice(0, limit);
}

/** ISO 8601 timestamps from the provider share one format (UTC, fixed width), so they compare as strings. */
function newestFirst(a: CachedEvent, b: CachedEvent): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
  return b.id - a.id;
}

export async function clearEvents(): Promise<void> {
  await db.events.clear();
}
