/**
 * Vendors (shops), their API keys and the payment frames they declare. A key is shown
 * once and stored only as a hash. Payment frames are the origins of the hosted payment
 * fields the shop's checkout embeds; cards for the vendor's origin carry them, and the
 * extension fills no other cross-origin frame but the curated payment providers'.
 */
import type { Sql } from '../db/db';
import { newId, newToken, tokenHash } from '../crypto/tokens';
import { accountId } from '../ledger/ledger';

export interface Vendor {
  id: string;
  name: string;
  origin: string;
  payment_frames: string[];
  created_at: string;
  revoked_at: string | null;
}

interface VendorRow {
  id: string;
  name: string;
  origin: string;
  payment_frames: string[];
  created_at: Date;
  revoked_at: Date | null;
}

const toVendor = (r: VendorRow): Vendor => ({
  id: r.id,
  name: r.name,
  origin: r.origin,
  payment_frames: r.payment_frames,
  created_at: r.created_at.toISOString(),
  revoked_at: r.revoked_at?.toISOString() ?? null,
});

const COLUMNS = 'id, name, origin, payment_frames, created_at, revoked_at';

/** `origin` and `paymentFrames` are normalised origins (the protocol's Origin and DeclaredPaymentFrames parse them). */
export async function createVendor(
  sql: Sql,
  name: string,
  origin: string,
  at: Date,
  paymentFrames: readonly string[] = [],
): Promise<{ vendor: Vendor; key: string }> {
  const id = newId('ven');
  const key = newToken('vk');
  const rows = await sql.query<VendorRow>(
    `INSERT INTO vendors (id, name, origin, key_hash, created_at, payment_frames) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
    [id, name, origin, tokenHash(key), at, [...paymentFrames]],
  );
  await accountId(sql, id, 'payable', 'USD');
  return { vendor: toVendor(rows[0]!), key };
}

export async function listVendors(sql: Sql): Promise<Vendor[]> {
  return (await sql.query<VendorRow>(`SELECT ${COLUMNS} FROM vendors ORDER BY created_at, id`)).map(toVendor);
}

export async function revokeVendor(sql: Sql, id: string, at: Date): Promise<Vendor | undefined> {
  const rows = await sql.query<VendorRow>(
    `UPDATE vendors SET revoked_at = coalesce(revoked_at, $2) WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, at],
  );
  return rows[0] && toVendor(rows[0]);
}

export async function vendorByKey(sql: Sql, key: string): Promise<Vendor | undefined> {
  const rows = await sql.query<VendorRow>(`SELECT ${COLUMNS} FROM vendors WHERE key_hash = $1 AND revoked_at IS NULL`, [
    tokenHash(key),
  ]);
  return rows[0] && toVendor(rows[0]);
}

/** Replaces the payment frames a vendor declares (normalised origins). Undefined when there is no such vendor. */
export async function setPaymentFrames(
  sql: Sql,
  id: string,
  paymentFrames: readonly string[],
): Promise<Vendor | undefined> {
  const rows = await sql.query<VendorRow>(`UPDATE vendors SET payment_frames = $2 WHERE id = $1 RETURNING ${COLUMNS}`, [
    id,
    [...paymentFrames],
  ]);
  return rows[0] && toVendor(rows[0]);
}
