/** Cards past their validity become expired, each with its `card.expired` event. */
import type { Db } from '../db/db';

/** Expires up to `batch` cards due at `at`; SKIP LOCKED lets several provider processes sweep at once. Returns how many. */
export async function expireCards(db: Db, at: Date, batch: number): Promise<number> {
  // One statement for the cards and their events: on the embedded database a batch
  // holds the only connection, and 500 separate inserts stalled validations for seconds.
  const expired = await db.query<{ card_id: string }>(
    `WITH expired AS (
       UPDATE cards SET state = 'expired', updated_at = $1 WHERE id IN (
         SELECT id FROM cards WHERE state IN ('active', 'paused', 'blocked') AND valid_until <= $1 LIMIT $2 FOR UPDATE SKIP LOCKED)
       RETURNING id, shopper_id, merchant_origin)
     INSERT INTO events (shopper_id, kind, card_id, reason, merchant_origin, detail, created_at)
     SELECT shopper_id, 'card.expired', id, '54', merchant_origin, '{}', $1 FROM expired
     RETURNING card_id`,
    [at, batch],
  );
  return expired.length;
}
