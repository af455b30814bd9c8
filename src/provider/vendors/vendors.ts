/** Vendors (shops) and their API keys. A key is shown once and stored only as a hash. */
import type { Sql } from '../db/db';
import { newId, newToken, tokenHash } from '../crypto/tokens';
import { accountId } from '../ledger/ledger';

export interface Vendor {
  id: string;
  name: string;
  origin: string;
  created_at: string;
  revoked_at: string | null;
}

interface VendorRow {
  id: string;
  name: string;
  origin: string;
  created_at: Date;
  revoked_at: Date | null;
}

const toVendor = (r: VendorRow): Vendor => ({
  id: r.id,
  name: r.name,
  origin: r.origin,
  created_at: r.created_at.toISOString(),
  revoked_at: r.revoked_at?.toISOString() ?? null,
});

export async function createVendor(sql: Sql, name: string, origin: string, at: Date): Promise<{ vendor: Vendor; key: string }> {
  const id = newId('ven');
  const key = newToken('vk');
  const rows = await sql.query<VendorRow>(
    'INSERT INTO vendors (id, name, origin, key_hash, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id, name, origin, created_at, revoked_at',
    [id, name, origin, tokenHash(key), at],
  );
  await accountId(sql, id, 'payable', 'USD');
  return { vendor: toVendor(rows[0]!), key };
}

export async function listVendors(sql: Sql): Promise<Vendor[]> {
  return (await sql.query<VendorRow>('SELECT id, name, origin, created_at, revoked_at FROM vendors ORDER BY created_at, id')).map(toVendor);
}

export async function revokeVendor(sql: Sql, id: string, at: Date): Promise<Vendor | undefined> {
  const rows = await sql.query<VendorRow>(
    'UPDATE vendors SET revoked_at = coalesce(revoked_at, $2) WHERE id = $1 RETURNING id, name, origin, created_at, revoked_at',
    [id, at],
  );
  return rows[0] && toVendor(rows[0]);
}

export async function vendorByKey(sql: Sql, key: string): Promise<Vendor | undefined> {
  const rows = await sql.query<VendorRow>('SELECT id, name, origin, created_at, revoked_at FROM vendors WHERE key_hash = $1 AND revoked_at IS NULL', [tokenHash(key)]);
  return rows[0] && toVendor(rows[0]);
}
