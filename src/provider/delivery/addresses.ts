/** The shopper's real delivery addresses: sealed at rest, shown only to the shopper and, on delivery, to a courier. */
import type { AddressFields, DeliveryAddress } from '../../protocol';
import type { ProviderContext } from '../context';
import type { Sql } from '../db/db';
import type { DeviceAuth } from '../shoppers/accounts';
import { notFound } from '../http/errors';
import { newId } from '../crypto/tokens';
import { recordEvent } from '../audit/events';

interface Row {
  id: string;
  label: string;
  details_enc: Buffer;
  is_default: boolean;
  created_at: Date;
}

export function openAddress(ctx: ProviderContext, id: string, sealed: Buffer): AddressFields {
  return JSON.parse(ctx.keys.open(Buffer.from(sealed), id)) as AddressFields;
}

function toView(ctx: ProviderContext, r: Row): DeliveryAddress {
  const a = openAddress(ctx, r.id, r.details_enc);
  return {
    id: r.id,
    label: r.label,
    summary: `${a.name}, ${a.line1}, ${a.city} ${a.postal_code}, ${a.country}`,
    is_default: r.is_default,
    created_at: r.created_at.toISOString(),
  };
}

export async function addAddress(
  ctx: ProviderContext,
  auth: DeviceAuth,
  req: AddressFields & { label?: string | undefined; make_default?: boolean | undefined },
): Promise<DeliveryAddress> {
  const id = newId('adr');
  const { label, make_default, ...fields } = req;
  const sealed = ctx.keys.seal(JSON.stringify(fields), id);
  return ctx.db.tx(async (sql) => {
    const at = ctx.clock();
    const live = await sql.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM delivery_addresses WHERE shopper_id = $1 AND removed_at IS NULL',
      [auth.shopperId],
    );
    const isDefault = make_default === true || (live[0]?.n ?? 0) === 0;
    if (isDefault)
      await sql.query('UPDATE delivery_addresses SET is_default = false WHERE shopper_id = $1 AND is_default', [
        auth.shopperId,
      ]);
    const rows = await sql.query<Row>(
      'INSERT INTO delivery_addresses (id, shopper_id, label, details_enc, is_default, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, label, details_enc, is_default, created_at',
      [id, auth.shopperId, label ?? 'Home', sealed, isDefault, at],
    );
    await recordEvent(sql, {
      shopperId: auth.shopperId,
      kind: 'delivery.address_added',
      at,
      detail: { address_id: id, label: label ?? 'Home' },
    });
    return toView(ctx, rows[0]!);
  });
}

export async function listAddresses(ctx: ProviderContext, auth: DeviceAuth): Promise<DeliveryAddress[]> {
  const rows = await ctx.db.query<Row>(
    'SELECT id, label, details_enc, is_default, created_at FROM delivery_addresses WHERE shopper_id = $1 AND removed_at IS NULL ORDER BY created_at, id',
    [auth.shopperId],
  );
  return rows.map((r) => toView(ctx, r));
}

export async function makeDefaultAddress(ctx: ProviderContext, auth: DeviceAuth, id: string): Promise<DeliveryAddress> {
  return ctx.db.tx(async (sql) => {
    const found = await sql.query<Row>(
      'SELECT id FROM delivery_addresses WHERE id = $1 AND shopper_id = $2 AND removed_at IS NULL FOR UPDATE',
      [id, auth.shopperId],
    );
    if (!found[0]) throw notFound('delivery address');
    await sql.query(
      'UPDATE delivery_addresses SET is_default = false WHERE shopper_id = $1 AND is_default AND id <> $2',
      [auth.shopperId, id],
    );
    const rows = await sql.query<Row>(
      'UPDATE delivery_addresses SET is_default = true WHERE id = $1 RETURNING id, label, details_enc, is_default, created_at',
      [id],
    );
    return toView(ctx, rows[0]!);
  });
}

export async function removeAddress(ctx: ProviderContext, auth: DeviceAuth, id: string): Promise<void> {
  await ctx.db.tx(async (sql) => {
    const at = ctx.clock();
    const rows = await sql.query<{ is_default: boolean }>(
      'SELECT is_default FROM delivery_addresses WHERE id = $1 AND shopper_id = $2 AND removed_at IS NULL FOR UPDATE',
      [id, auth.shopperId],
    );
    if (!rows[0]) throw notFound('delivery address');
    await sql.query('UPDATE delivery_addresses SET removed_at = $2, is_default = false WHERE id = $1', [id, at]);
    if (rows[0].is_default) {
      await sql.query(
        'UPDATE delivery_addresses SET is_default = true WHERE id = (SELECT id FROM delivery_addresses WHERE shopper_id = $1 AND removed_at IS NULL ORDER BY created_at, id LIMIT 1)',
        [auth.shopperId],
      );
    }
    await recordEvent(sql, {
      shopperId: auth.shopperId,
      kind: 'delivery.address_removed',
      at,
      detail: { address_id: id },
    });
  });
}

/** The address a new masked card delivers to: the one asked for, else the default; undefined if none. */
export async function addressForCard(
  sql: Sql,
  shopperId: string,
  requested: string | undefined,
): Promise<string | undefined> {
  const rows = await sql.query<{ id: string }>(
    `SELECT id FROM delivery_addresses WHERE shopper_id = $1 AND removed_at IS NULL AND ${requested ? 'id = $2' : 'is_default'}`,
    requested ? [shopperId, requested] : [shopperId],
  );
  if (requested && !rows[0]) throw notFound('delivery address');
  return rows[0]?.id;
}
