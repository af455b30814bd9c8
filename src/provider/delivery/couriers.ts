/** Couriers and their API keys (shown once, stored hashed), as for vendors. */
import type { Sql } from '../db/db';
import { newId, newToken, tokenHash } from '../crypto/tokens';
import { HttpError } from '../http/errors';

export interface Courier {
  id: string;
  name: string;
  created_at: string;
  revoked_at: string | null;
}

interface Row {
  id: string;
  name: string;
  created_at: Date;
  revoked_at: Date | null;
}

const toCourier = (r: Row): Courier => ({
  id: r.id,
  name: r.name,
  created_at: r.created_at.toISOString(),
  revoked_at: r.revoked_at?.toISOString() ?? null,
});

export async function createCourier(sql: Sql, name: string, at: Date): Promise<{ courier: Courier; key: string }> {
  const key = newToken('ck');
  const rows = await sql.query<Row>(
    'INSERT INTO couriers (id, name, key_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id, name, created_at, revoked_at',
    [newId('cou'), name, tokenHash(key), at],
  );
  return { courier: toCourier(rows[0]!), key };
}

export async function listCouriers(sql: Sql): Promise<Courier[]> {
  return (await sql.query<Row>('SELECT id, name, created_at, revoked_at FROM couriers ORDER BY created_at, id')).map(
    toCourier,
  );
}

export async function revokeCourier(sql: Sql, id: string, at: Date): Promise<Courier | undefined> {
  const rows = await sql.query<Row>(
    'UPDATE couriers SET revoked_at = coalesce(revoked_at, $2) WHERE id = $1 RETURNING id, name, created_at, revoked_at',
    [id, at],
  );
  return rows[0] && toCourier(rows[0]);
}

/**
 * Hands a card's parcel to a courier (the vendor names it at capture): from now on only
 * this courier can resolve the card's reference. Replaces an earlier holder, as a
 * recurring card's next parcel may travel with another courier.
 */
export async function assignCourier(sql: Sql, cardId: string, courierId: string): Promise<void> {
  const rows = await sql.query(
    'UPDATE cards SET courier_id = $2 WHERE id = $1 AND EXISTS (SELECT 1 FROM couriers WHERE id = $2 AND revoked_at IS NULL) RETURNING id',
    [cardId, courierId],
  );
  if (rows.length === 0)
    throw new HttpError(400, 'invalid_request', `invalid body: courier_id: no courier ${courierId}`, [
      { path: 'courier_id', message: 'no such courier' },
    ]);
}

export async function courierByKey(sql: Sql, key: string): Promise<Courier | undefined> {
  const rows = await sql.query<Row>(
    'SELECT id, name, created_at, revoked_at FROM couriers WHERE key_hash = $1 AND revoked_at IS NULL',
    [tokenHash(key)],
  );
  return rows[0] && toCourier(rows[0]);
}
