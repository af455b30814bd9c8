/**
 * Free trials: a card marked to end at a moment becomes refund-only then, like a card
 * the shopper closed. The validation already declines R1 from that moment by itself
 * (veil_check_card compares each charge's own time), so the answer does not wait for
 * this sweep; the sweep records the end, for everyone who reads the card: state
 * 'closed' and a `card.trial_ended` event.
 */
import type { Db } from '../db/db';
import { HttpError } from '../http/errors';

/** Closes up to `batch` cards whose trial ended by `at`; SKIP LOCKED lets several provider processes sweep at once. */
export async function endTrials(db: Db, at: Date, batch: number): Promise<number> {
  // One statement, as in expireCards: a batch of separate inserts would hold the embedded database's only connection.
  // The end is written as the API writes moments (toISOString), so the event reads the same whoever recorded it.
  const ended = await db.query<{ card_id: string }>(
    `WITH ended AS (
       UPDATE cards SET state = 'closed', updated_at = $1 WHERE id IN (
         SELECT id FROM cards WHERE state IN ('active', 'paused', 'blocked') AND trial_ends_at <= $1 LIMIT $2 FOR UPDATE SKIP LOCKED)
       RETURNING id, shopper_id, merchant_origin, trial_ends_at)
     INSERT INTO events (shopper_id, kind, card_id, reason, merchant_origin, detail, created_at)
     SELECT shopper_id, 'card.trial_ended', id, 'R1', merchant_origin, jsonb_build_object('trial_ends_at', to_char(trial_ends_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'by', 'sweep'), $1 FROM ended
     RETURNING card_id`,
    [at, batch],
  );
  return ended.length;
}

/** A trial end as asked for at issue: a moment still to come. */
export function trialEndForIssue(raw: string | undefined, at: Date): Date | null {
  if (raw === undefined) return null;
  const end = new Date(raw);
  if (end.getTime() <= at.getTime())
    throw new HttpError(400, 'invalid_request', 'invalid body: trial_ends_at: the trial must end in the future', [
      { path: 'trial_ends_at', message: 'not in the future' },
    ]);
  return end;
}

/** Whether the card's trial has ended by `at` (a card without a trial never does). */
export function trialEnded(card: { trial_ends_at: Date | null }, at: Date): boolean {
  return card.trial_ends_at !== null && at.getTime() >= card.trial_ends_at.getTime();
}
