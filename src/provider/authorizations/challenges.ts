/**
 * Vendors that cannot wait. Card networks give an issuer 2 to 3 seconds, far less than
 * a shopper needs to confirm. Such a vendor (wait: false, or a deadline under 3 s)
 * gets `declined` with 1A at once; the shopper is still asked. Approving leaves a
 * pre-approval: the same merchant's retry for the same amount on the same card, within
 * 10 minutes, approves at once, without asking again. Each pre-approval is used once.
 */
import type { AuthorizationRequest } from '../../protocol';
import type { ProviderContext } from '../context';
import type { Sql } from '../db/db';
import { recordEvent } from '../audit/events';
import { close, lockAuth } from './settle';
import type { AuthRow } from './records';

export const PRE_APPROVAL_MS = 10 * 60_000;
/** Below this a vendor's deadline cannot cover a shopper's answer. */
export const SHORTEST_WAIT_MS = 3000;

export function cannotWait(req: Pick<AuthorizationRequest, 'wait' | 'deadline_ms'>): boolean {
  return req.wait === false || (req.deadline_ms !== undefined && req.deadline_ms < SHORTEST_WAIT_MS);
}

/** A pending charge the shopper already approved through a 1A challenge: approve it now. */
async function usePreApproval(ctx: ProviderContext, sql: Sql, a: AuthRow, at: Date): Promise<AuthRow | undefined> {
  const [pre] = await sql.query<{ id: number; authorization_id: string }>(
    `SELECT id, authorization_id FROM pre_approvals WHERE card_id = $1 AND merchant_origin = $2 AND amount = $3 AND currency = $4
       AND used_by IS NULL AND expires_at > $5 ORDER BY id LIMIT 1 FOR UPDATE`,
    [a.card_id, a.merchant_origin, a.amount, a.currency, at],
  );
  if (!pre) return undefined;
  await sql.query('UPDATE pre_approvals SET used_by = $2 WHERE id = $1', [pre.id, a.id]);
  const [row] = await sql.query<AuthRow>(
    `UPDATE authorizations SET status = 'approved', reason = '00', decided_at = $2, hold_expires_at = $3 WHERE id = $1 RETURNING *`,
    [a.id, at, new Date(at.getTime() + ctx.policy.holdTtlS * 1000)],
  );
  await recordEvent(sql, {
    shopperId: a.shopper_id!,
    kind: 'authorization.approved',
    at,
    cardId: a.card_id,
    authorizationId: a.id,
    reason: '00',
    amount: a.amount,
    currency: a.currency,
    merchantOrigin: a.merchant_origin,
    detail: {
      merchant_name: a.merchant_name,
      why: 'approved in advance by the shopper',
      pre_approved_by: pre.authorization_id,
    },
  });
  ctx.waiters.notify(a.id);
  return row;
}

/**
 * After a validation answered `pending`: a retry the shopper pre-approved is approved;
 * otherwise, for a vendor that cannot wait, the charge becomes declined 1A with an
 * open challenge (its hold released, its use given back).
 */
export async function settlePending(
  ctx: ProviderContext,
  authorizationId: string,
  vendorCannotWait: boolean,
): Promise<AuthRow | undefined> {
  return ctx.db.tx(async (sql) => {
    const at = ctx.clock();
    const a = await lockAuth(sql, authorizationId, {});
    if (!a || a.status !== 'pending') return a;
    const approved = await usePreApproval(ctx, sql, a, at);
    if (approved || !vendorCannotWait) return approved ?? a;
    await close(
      ctx,
      sql,
      a,
      {
        status: 'declined',
        reason: '1A',
        restoreUse: true,
        event: 'authorization.declined',
        detail: { why: 'the shopper is asked; retry once they approve' },
      },
      at,
    );
    const [row] = await sql.query<AuthRow>(
      `UPDATE authorizations SET challenge_state = 'open' WHERE id = $1 RETURNING *`,
      [a.id],
    );
    return row;
  });
}

export const isOpenChallenge = (a: AuthRow, at: Date) =>
  a.status === 'declined' &&
  a.reason === '1A' &&
  a.challenge_state === 'open' &&
  a.decision_deadline !== null &&
  a.decision_deadline > at;

/** The shopper's answer to a 1A challenge: approve leaves a pre-approval; decline closes it. */
export async function answerChallenge(
  ctx: ProviderContext,
  sql: Sql,
  a: AuthRow,
  decision: 'approve' | 'decline',
  deviceId: string,
  at: Date,
): Promise<void> {
  await sql.query('UPDATE authorizations SET challenge_state = $2 WHERE id = $1', [
    a.id,
    decision === 'approve' ? 'approved' : 'declined',
  ]);
  if (decision === 'approve') {
    await sql.query(
      'INSERT INTO pre_approvals (card_id, merchant_origin, amount, currency, authorization_id, expires_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [a.card_id, a.merchant_origin, a.amount, a.currency, a.id, new Date(at.getTime() + PRE_APPROVAL_MS), at],
    );
  }
  await recordEvent(sql, {
    shopperId: a.shopper_id!,
    kind: decision === 'approve' ? 'authorization.preapproved' : 'authorization.declined',
    at,
    cardId: a.card_id,
    authorizationId: a.id,
    reason: decision === 'approve' ? '1A' : '05',
    amount: a.amount,
    currency: a.currency,
    merchantOrigin: a.merchant_origin,
    detail: {
      merchant_name: a.merchant_name,
      device_id: deviceId,
      why: decision === 'approve' ? 'the shop may retry within 10 minutes' : 'the shopper declined',
    },
  });
}
