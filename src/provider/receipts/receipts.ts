/**
 * Receipts as vendors and shoppers get them. The rows are written by triggers in the
 * transaction that decides (migration 025); here they are signed on the way out. Ed25519
 * is deterministic and the claims keep one field order (protocol/receipts.ts), so a row
 * signed again later gives the very bytes the vendor got: only the row needs storing.
 */
import { sign } from 'node:crypto';
import type { Authorization, ReceiptClaims, ReceiptStatus, Refund } from '../../protocol';
import { base64url, receiptSigningInput } from '../../protocol';
import type { Keys } from '../crypto/keys';
import type { Sql } from '../db/db';

interface ReceiptRow {
  authorization_id: string;
  refund_id: string | null;
  kid: string;
  merchant_origin: string;
  amount: string | number; // bigint: pg gives a string
  currency: string;
  status: ReceiptStatus;
  reason: string;
  purchasing_id: string | null;
  issued_at: Date;
}

const COLUMNS =
  'authorization_id, refund_id, kid, merchant_origin, amount, currency, status, reason, purchasing_id, issued_at';

export function claimsOf(r: ReceiptRow): ReceiptClaims {
  return {
    v: 1,
    authorization_id: r.authorization_id,
    refund_id: r.refund_id,
    merchant_origin: r.merchant_origin,
    amount: Number(r.amount),
    currency: r.currency,
    status: r.status,
    reason: r.reason,
    purchasing_id: r.purchasing_id,
    time: new Date(r.issued_at).toISOString(),
  };
}

/** The compact JWS of one receipt row. */
export function signReceipt(keys: Keys, r: ReceiptRow): string {
  const input = receiptSigningInput(r.kid, claimsOf(r));
  return `${input}.${base64url(sign(null, Buffer.from(input), keys.receiptSigningKey(r.kid)))}`;
}

/**
 * A vendor's answer with the receipt of the decision it states (status and reason), so
 * an idempotent replay or a later read of the same decision carries the same receipt.
 * Pending answers have none: nothing is decided yet.
 */
export async function withReceipt(keys: Keys, q: Sql, view: Authorization): Promise<Authorization> {
  if (view.status === 'pending') return view;
  const [row] = await q.query<ReceiptRow>(
    `SELECT ${COLUMNS} FROM receipts WHERE authorization_id = $1 AND refund_id IS NULL AND status = $2 AND reason = $3
     ORDER BY id DESC LIMIT 1`,
    [view.id, view.status, view.reason],
    'veil_receipt_of_decision',
  );
  return row ? { ...view, receipt: signReceipt(keys, row) } : view;
}

/** A refund's answer with its receipt. */
export async function withRefundReceipt(keys: Keys, q: Sql, refund: Refund): Promise<Refund> {
  const [row] = await q.query<ReceiptRow>(`SELECT ${COLUMNS} FROM receipts WHERE refund_id = $1`, [refund.id]);
  return row ? { ...refund, receipt: signReceipt(keys, row) } : refund;
}

/** Every receipt of these authorizations, oldest first: the shopper's history keeps them all. */
export async function receiptsOf(keys: Keys, q: Sql, ids: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (!ids.length) return out;
  const rows = await q.query<ReceiptRow>(
    `SELECT ${COLUMNS} FROM receipts WHERE authorization_id = ANY($1::text[]) ORDER BY id`,
    [ids],
  );
  for (const r of rows) {
    const list = out.get(r.authorization_id) ?? [];
    list.push(signReceipt(keys, r));
    out.set(r.authorization_id, list);
  }
  return out;
}
