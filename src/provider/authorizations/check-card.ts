/**
 * The card checks of a validation, as a pure function of the locked card row and the
 * request, so each reason code can be reasoned about (and tested) in isolation.
 *
 * This is the specification. What runs is its line-by-line SQL twin,
 * `veil_check_card` (src/provider/db/functions/veil_check_card.sql), called inside the validation
 * (`veil_validate`, which also does the checks that need more reads: recurring
 * spend, balance). test/provider/check-card-sql.test.ts holds the two equal on random
 * cards and requests: change both together.
 *
 * Order matters: only the merchant the card is locked to gets past the first check
 * (migration 017); an ended trial (migration 024), a blocked or stopped card answers before its secrets are checked,
 * and wrong secrets are counted before anything that would tell a card tester more.
 */
import type { ReasonCode } from '../../protocol';
import type { Policy } from '../policy';
import type { CardRow } from '../issuing/cards';
import { trialEnded } from '../issuing/trials';

export type CardCheck =
  { ok: false; reason: ReasonCode; why: string; wrongTry?: boolean; block?: boolean } | { ok: true };

export interface Presented {
  exp_month: number;
  exp_year: number;
  cvcMatches: boolean;
  amount: number;
  currency: string;
  origin: string;
  purchasing_id?: string | undefined;
}

export function checkCard(card: CardRow | undefined, p: Presented, now: Date, policy: Policy): CardCheck {
  if (!card) return { ok: false, reason: '14', why: 'no such card' };
  // The merchant lock first: any vendor key that learns a PAN could otherwise spend the
  // card's wrong tries and block it. Another merchant learns nothing of its state.
  if (p.origin !== card.merchant_origin)
    return { ok: false, reason: '57', why: `card is locked to ${card.merchant_origin}` };
  if (card.state === 'expired') return { ok: false, reason: '54', why: 'card has expired' };
  // Closed by the shopper: refund-only. R1 tells the merchant to stop, not to retry.
  if (card.state === 'closed') return { ok: false, reason: 'R1', why: 'the shopper closed the card: refunds only' };
  // A trial that has ended is closed whether or not the sweeper has recorded it yet:
  // each charge is judged by its own time, and answers as it will after the sweep
  // (which closes active, paused and blocked cards alike, hence before 'blocked').
  if (trialEnded(card, now)) return { ok: false, reason: 'R1', why: 'the free trial has ended: refunds only' };
  if (card.state === 'blocked') return { ok: false, reason: '75', why: 'card is blocked after wrong CVC/expiry tries' };
  if (card.state !== 'active') return { ok: false, reason: '57', why: `card is ${card.state}` };
  if (!p.cvcMatches || p.exp_month !== card.exp_month || p.exp_year !== card.exp_year) {
    const block = card.wrong_tries + 1 >= policy.maxWrongTries;
    return block
      ? {
          ok: false,
          reason: '75',
          why: `wrong CVC or expiry, try ${card.wrong_tries + 1}: card blocked`,
          wrongTry: true,
          block: true,
        }
      : {
          ok: false,
          reason: '82',
          why: `wrong CVC or expiry, try ${card.wrong_tries + 1} of ${policy.maxWrongTries}`,
          wrongTry: true,
        };
  }
  if (now.getTime() >= card.valid_until.getTime()) return { ok: false, reason: '54', why: 'card validity has ended' };
  if (p.purchasing_id !== undefined && p.purchasing_id !== card.purchasing_id)
    return { ok: false, reason: '14', why: 'purchasing ID does not belong to this card' };
  if (p.currency !== card.currency)
    return { ok: false, reason: '57', why: `card is in ${card.currency}, not ${p.currency}` };
  if (p.amount > card.cap_amount)
    return { ok: false, reason: '61', why: `amount ${p.amount} is over the card's cap of ${card.cap_amount}` };
  if (card.uses_allowed !== null && card.uses_count >= card.uses_allowed)
    return { ok: false, reason: '62', why: `all ${card.uses_allowed} uses are spent` };
  return { ok: true };
}

/** Start of the calendar period (UTC) that `now` falls in: recurring limits reset on it. */
export function periodStart(period: 'day' | 'week' | 'month', now: Date): Date {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  if (period === 'week') d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7)); // ISO weeks start on Monday
  if (period === 'month') d.setUTCDate(1);
  return d;
}
