/** The sweeper: what is due closes even when nobody asks about it. */
import type { ProviderContext } from '../context';
import { expireCards } from '../issuing/expiry';
import { endTrials } from '../issuing/trials';
import { AUTH_COLUMNS, type AuthRow } from './records';
import { lapseIfDue } from './settle';
import { deleteExpiredFiles } from '../digital/files';

/**
 * Closes everything that is due: unanswered confirmations (declined 91, or R1 when the
 * card's trial ended while they waited), uncaptured
 * holds past their time (expired), free trials that ended (closed, refund-only), cards
 * past their validity (expired). Each item is
 * its own short transaction; SKIP LOCKED lets several provider processes sweep at once.
 * Also deletes delivered files past the operator's retention.
 */
export async function sweep(
  ctx: ProviderContext,
  batch = 500,
): Promise<{ authorizations: number; trials: number; cards: number; files: number }> {
  const at = ctx.clock();
  const due = await ctx.db.query<{ id: string }>(
    // Pending on a card that became refund-only (its trial ended; a close declines its own at once): R1.
    `SELECT id FROM authorizations z WHERE (status = 'pending' AND decision_deadline <= $1) OR (status = 'approved' AND hold_expires_at <= $1)
       OR (status = 'pending' AND EXISTS (SELECT 1 FROM cards c WHERE c.id = z.card_id AND (c.state = 'closed' OR c.trial_ends_at <= $1)))
     LIMIT $2`,
    [at, batch],
  );
  let authorizations = 0;
  for (const { id } of due) {
    const changed = await ctx.db.tx(async (sql) => {
      const rows = await sql.query<AuthRow>(
        `SELECT ${AUTH_COLUMNS} FROM authorizations WHERE id = $1 FOR UPDATE SKIP LOCKED`,
        [id],
      );
      const a = rows[0];
      return a ? (await lapseIfDue(ctx, sql, a, at)) !== a : false;
    });
    if (changed) authorizations++;
  }
  // Trials first: a card past both its trial and its validity answers R1 until swept
  // (veil_check_card), so it is closed rather than expired, and keeps that answer.
  const trials = await endTrials(ctx.db, at, batch);
  const cards = await expireCards(ctx.db, at, batch);
  const files = await deleteExpiredFiles(ctx, at, batch);
  return { authorizations, trials, cards, files };
}
