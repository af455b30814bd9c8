/**
 * The security log: a table (`security_events`) an operator can query, and one
 * structured line per event for whatever collects the provider's output. Both
 * carry ids, a client address and a reason code — never a card number, CVC,
 * password or email.
 */
import type { ProviderContext } from '../context';
import type { Sql } from '../db/db';

export type SecurityKind =
  | 'card.wrong_secret'
  | 'card.blocked'
  | 'card_testing.throttled'
  | 'signin.failed'
  | 'signin.throttled'
  | 'signup.throttled'
  | 'password.failed'
  | 'password.verified';

export interface SecurityEvent {
  kind: SecurityKind;
  at: Date;
  vendorId?: string | null;
  shopperId?: string | null;
  cardId?: string | null;
  authorizationId?: string | null;
  address?: string | null;
  reason?: string | null;
  detail?: Record<string, unknown>;
}

/** A security_events row as the database returns it (also as JSON from veil_validate). */
export interface SecurityRow {
  id: number;
  kind: SecurityKind;
  vendor_id: string | null;
  shopper_id: string | null;
  card_id: string | null;
  authorization_id: string | null;
  client_address: string | null;
  reason: string | null;
  detail: Record<string, unknown>;
  created_at: Date | string;
}

export async function recordSecurityEvent(sql: Sql, e: SecurityEvent): Promise<SecurityRow> {
  const rows = await sql.query<SecurityRow>(
    `INSERT INTO security_events (kind, vendor_id, shopper_id, card_id, authorization_id, client_address, reason, detail, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
    [
      e.kind,
      e.vendorId ?? null,
      e.shopperId ?? null,
      e.cardId ?? null,
      e.authorizationId ?? null,
      e.address ?? null,
      e.reason ?? null,
      JSON.stringify(e.detail ?? {}),
      e.at,
    ],
  );
  return rows[0]!;
}

/** Writes one JSON line per recorded event; call it after the transaction that recorded them commits. */
export function logSecurity(ctx: ProviderContext, rows: readonly SecurityRow[]): void {
  for (const r of rows) {
    const at = typeof r.created_at === 'string' ? new Date(r.created_at) : r.created_at;
    const detail = typeof r.detail === 'string' ? (JSON.parse(r.detail) as Record<string, unknown>) : r.detail;
    ctx.securityLog(
      JSON.stringify({
        security: r.kind,
        at: at.toISOString(),
        id: r.id,
        vendor_id: r.vendor_id,
        shopper_id: r.shopper_id,
        card_id: r.card_id,
        authorization_id: r.authorization_id,
        address: r.client_address,
        reason: r.reason,
        detail,
      }),
    );
  }
}
