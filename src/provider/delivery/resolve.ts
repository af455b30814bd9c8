/**
 * A courier turns a purchasing ID (the "Ref" on the parcel) into the real delivery
 * label — only for a purchase whose charge was captured, only a bounded number of
 * times, and every read is an event the shopper sees. References are 40 random bits
 * and misses are counted per courier key, so the reference space cannot be walked.
 *
 * A reference belongs to one courier: the one its vendor named at capture, or else the
 * first to resolve it once paid. To every other courier, and to any courier before the
 * charge is captured, a real reference answers exactly as an unknown one (404, counted
 * as a miss): the answer must not tell a guesser that it hit a real purchase.
 */
import type { DeliveryLabel } from '../../protocol';
import type { ProviderContext } from '../context';
import type { Courier } from './couriers';
import { HttpError } from '../http/errors';
import { release, reserveOr429 } from '../security/throttle';
import { recordEvent } from '../audit/events';
import { openAddress } from './addresses';

export async function resolveDelivery(
  ctx: ProviderContext,
  courier: Courier,
  reference: string,
): Promise<DeliveryLabel> {
  const at = ctx.clock();
  const { courierMisses, maxResolutions } = ctx.policy;
  // A slot is taken before the lookup (security/throttle.ts), so a burst of guesses looks
  // up at most the limit; a known reference gives its slot back.
  const slot = await reserveOr429(
    ctx.db,
    [{ scope: 'courier:unknown_reference', key: courier.id, limit: courierMisses }],
    at,
    'unknown references from this courier key',
  );
  const ref = reference
    .trim()
    .toUpperCase()
    .replace(/^REF\s+/, '');
  const outcome = await ctx.db.tx(async (sql) => {
    const cards = await sql.query<{
      id: string;
      shopper_id: string;
      merchant_origin: string;
      merchant_name: string | null;
      purchasing_id: string;
      delivery_address_id: string | null;
      courier_id: string | null;
      details_enc: Buffer | null;
    }>(
      `SELECT c.id, c.shopper_id, c.merchant_origin, c.merchant_name, c.purchasing_id, c.delivery_address_id, c.courier_id, a.details_enc
       FROM cards c LEFT JOIN delivery_addresses a ON a.id = c.delivery_address_id
       WHERE c.purchasing_id = $1 AND c.shipping IS NOT NULL FOR UPDATE OF c`,
      [ref],
    );
    const miss = async () => {
      await sql.query('INSERT INTO courier_misses (courier_id, created_at) VALUES ($1, $2)', [courier.id, at]);
      return { error: new HttpError(404, 'not_found', 'no delivery with this reference') };
    };
    const card = cards[0];
    if (!card || !card.delivery_address_id || !card.details_enc) return miss();
    const tellShopper = (why: string) =>
      recordEvent(sql, {
        shopperId: card.shopper_id,
        kind: 'delivery.refused',
        at,
        cardId: card.id,
        merchantOrigin: card.merchant_origin,
        detail: { courier: courier.name, courier_id: courier.id, why },
      });
    const refuse = async (why: string) => {
      await tellShopper(why);
      return { error: new HttpError(409, 'conflict', why) };
    };
    // The shopper is told why; the courier gets the answer an unknown reference gets.
    const refuseAsUnknown = async (why: string) => {
      await tellShopper(why);
      return miss();
    };
    if (card.courier_id !== null && card.courier_id !== courier.id)
      return refuseAsUnknown('another courier carries this parcel');
    const [captured] = await sql.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM authorizations WHERE card_id = $1 AND status = 'captured'",
      [card.id],
    );
    if ((captured?.n ?? 0) === 0) return refuseAsUnknown('not paid yet (no captured charge)');
    // A paid reference of this courier's is no miss: the slot taken before the lookup goes back.
    await release(sql, slot);
    // Unnamed by the vendor: the first courier to resolve the paid reference holds it (the row is locked).
    if (card.courier_id === null)
      await sql.query('UPDATE cards SET courier_id = $2 WHERE id = $1', [card.id, courier.id]);
    const [done] = await sql.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM delivery_resolutions WHERE card_id = $1',
      [card.id],
    );
    const used = done?.n ?? 0;
    if (used >= maxResolutions) return refuse(`this reference was already resolved ${used} times: ask the shopper`);
    await sql.query('INSERT INTO delivery_resolutions (card_id, courier_id, created_at) VALUES ($1, $2, $3)', [
      card.id,
      courier.id,
      at,
    ]);
    await recordEvent(sql, {
      shopperId: card.shopper_id,
      kind: 'delivery.resolved',
      at,
      cardId: card.id,
      merchantOrigin: card.merchant_origin,
      detail: {
        courier: courier.name,
        courier_id: courier.id,
        merchant_name: card.merchant_name,
        reference: card.purchasing_id,
      },
    });
    const a = openAddress(ctx, card.delivery_address_id, card.details_enc);
    const label: DeliveryLabel = {
      reference: card.purchasing_id,
      name: a.name,
      line1: a.line1,
      line2: a.line2 ?? null,
      city: a.city,
      region: a.region ?? null,
      postal_code: a.postal_code,
      country: a.country,
      phone: a.phone ?? null,
      resolutions_left: maxResolutions - used - 1,
    };
    return { label };
  });
  if ('error' in outcome) throw outcome.error;
  return outcome.label;
}
