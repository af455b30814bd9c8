/**
 * The shopper's side of an authorization: the list of charges, and the decision on one
 * (approve or decline a held charge, or answer a 1A challenge; with a security key
 * where the card's mode asks for one). One transaction per decision.
 */
import type { Assertion, AuthorizationStatus, DecisionResult, ShopperAuthorization } from '../../protocol';
import type { ProviderContext } from '../context';
import type { DeviceAuth } from '../shoppers/accounts';
import { HttpError, notFound } from '../http/errors';
import { recordEvent } from '../audit/events';
import { AUTH_COLUMNS, type AuthRow, type ShopperRow, toShopperView } from './records';
import { verifyApproval } from '../webauthn/security-keys';
import { answerChallenge, isOpenChallenge } from './challenges';
import { close, lapseIfDue, lockAuth } from './settle';
import { receiptsOf } from '../receipts/receipts';

const SHOPPER_SELECT = `SELECT ${AUTH_COLUMNS.split(', ')
  .map((c) => `z.${c}`)
  .join(
    ', ',
  )}, c.purchasing_id, c.last4, c.fx_rate::text AS card_fx_rate, v.name AS vendor_name, v.origin AS vendor_origin
  FROM authorizations z JOIN cards c ON c.id = z.card_id JOIN vendors v ON v.id = z.vendor_id`;

export async function listForShopper(
  ctx: ProviderContext,
  auth: DeviceAuth,
  q: { status?: AuthorizationStatus | undefined },
): Promise<ShopperAuthorization[]> {
  const rows = await ctx.db.query<ShopperRow>(
    // "pending" means waiting on the shopper: held charges and open 1A challenges alike.
    `${SHOPPER_SELECT} WHERE z.shopper_id = $1 AND ($2::text IS NULL OR z.status = $2 OR ($2 = 'pending' AND z.challenge_state = 'open'))
     ORDER BY z.created_at DESC, z.id LIMIT 200`,
    [auth.shopperId, q.status ?? null],
  );
  const now = ctx.clock();
  // Past its deadline a charge is declined by the sweeper shortly; never offer it for a decision.
  const stale = (r: AuthRow) =>
    (r.status === 'pending' || r.challenge_state === 'open') &&
    r.decision_deadline !== null &&
    r.decision_deadline <= now;
  const shown = rows.filter((r) => !(q.status === 'pending' && stale(r)));
  const receipts = await receiptsOf(
    ctx.keys,
    ctx.db,
    shown.map((r) => r.id),
  );
  return shown.map((r) => ({ ...toShopperView(r), receipts: receipts.get(r.id) ?? [] }));
}

/** `pre_approved`: the answer was to a 1A challenge; the shop's retry will approve at once. */

export async function decide(
  ctx: ProviderContext,
  auth: DeviceAuth,
  id: string,
  decision: 'approve' | 'decline',
  assertion?: Assertion,
): Promise<DecisionResult> {
  const result = await ctx.db.tx(async (sql) => {
    const at = ctx.clock();
    const locked = await lockAuth(sql, id, { shopperId: auth.shopperId });
    if (!locked) throw notFound('authorization');
    const a = await lapseIfDue(ctx, sql, locked, at);
    if (isOpenChallenge(a, at)) {
      const [card] = await sql.query<{ mode: string }>('SELECT mode FROM cards WHERE id = $1', [a.card_id]);
      if (decision === 'approve' && card?.mode === 'card_reader')
        await verifyApproval(sql, auth.shopperId, a, assertion, at);
      await answerChallenge(ctx, sql, a, decision, auth.deviceId, at);
      return { id, changed: true, preApproved: decision === 'approve' };
    }
    if (a.challenge_state === 'approved' || a.challenge_state === 'declined') {
      if ((a.challenge_state === 'approved') === (decision === 'approve'))
        return { id, changed: false, preApproved: decision === 'approve' };
      throw new HttpError(409, 'conflict', `too late to ${decision}: you already ${a.challenge_state} this charge`);
    }
    if (a.reason === '1A') throw new HttpError(409, 'conflict', `too late to ${decision}: no answer was given in time`);
    if (a.status !== 'pending') {
      // Repeating the decision that was taken is harmless; anything else is too late.
      const same =
        (decision === 'approve' && a.status === 'approved' && a.reason === '00') ||
        (decision === 'decline' && a.status === 'declined' && a.reason === '05');
      if (same) return { id, changed: false };
      if (a !== locked) return { id, lapsed: a.reason }; // lapsed just now: commit that, then say so
      throw new HttpError(
        409,
        'conflict',
        `too late to ${decision}: the authorization is already ${a.status} (${a.reason})`,
      );
    }
    if (decision === 'decline') {
      await close(
        ctx,
        sql,
        a,
        {
          status: 'declined',
          reason: '05',
          restoreUse: true,
          event: 'authorization.declined',
          detail: { why: 'the shopper declined', device_id: auth.deviceId },
        },
        at,
      );
      return { id, changed: true };
    }
    // The card's mode when the charge arrived decides: P1 means a security key must approve.
    if (a.reason === 'P1') await verifyApproval(sql, auth.shopperId, a, assertion, at);
    await sql.query(
      `UPDATE authorizations SET status = 'approved', reason = '00', decided_at = $2, hold_expires_at = $3 WHERE id = $1`,
      [id, at, new Date(at.getTime() + ctx.policy.holdTtlS * 1000)],
    );
    await recordEvent(sql, {
      shopperId: auth.shopperId,
      kind: 'authorization.approved',
      at,
      cardId: a.card_id,
      authorizationId: id,
      reason: '00',
      amount: a.amount,
      currency: a.currency,
      merchantOrigin: a.merchant_origin,
      detail: { merchant_name: a.merchant_name, why: 'the shopper approved', device_id: auth.deviceId },
    });
    ctx.waiters.notify(id);
    return { id, changed: true };
  });
  const rows = await ctx.db.query<ShopperRow>(`${SHOPPER_SELECT} WHERE z.id = $1`, [id]);
  const view = { ...toShopperView(rows[0]!), receipts: (await receiptsOf(ctx.keys, ctx.db, [id])).get(id) ?? [] };
  if ('lapsed' in result)
    throw new HttpError(
      409,
      'conflict',
      result.lapsed === 'R1'
        ? `too late to ${decision}: the card was closed, so the charge was declined (R1)`
        : `too late to ${decision}: no answer was given in time, so the charge was declined (91)`,
    );
  return {
    authorization: view,
    changed: result.changed,
    pre_approved: 'preApproved' in result && result.preApproved === true,
  };
}
