/**
 * Top-up requests from the shopper API. A request is counted against the limits and
 * written in one transaction (the shopper's row locked first, so 200 concurrent requests
 * see each other's amounts), then handed to the rail outside any transaction (a real
 * rail is a network call). Nothing becomes spendable here: the rail's outcome does that
 * through settlement.ts, and the answer waits a bounded time for it.
 */
import type { ProviderContext } from '../context';
import type { DeviceAuth } from '../shoppers/accounts';
import type { TopUp } from '../../protocol';
import { minorText } from '../../protocol/currencies';
import type { Sql } from '../db/db';
import { HttpError, notFound } from '../http/errors';
import { newId } from '../crypto/tokens';
import { recordEvent } from '../audit/events';
import { shopperBalances } from '../ledger/ledger';
import type { RailOutcomes, SourceDetails, TopUpLimits } from './rails';
import { failTopUp, reverseTopUp, settleTopUp, TOP_UP_COLUMNS, toTopUp, type TopUpRow } from './settlement';

const DAY_MS = 24 * 3600 * 1000;
/** The per-account limit and a source's own limit both cap what is topped up in this rolling window. */
const WINDOW_MS = 30 * DAY_MS;

const overLimit = (message: string) => new HttpError(422, 'invalid_request', message);

/** The outcome path every rail reports through (RailOutcomes in rails.ts). */
export function railOutcomes(ctx: ProviderContext): RailOutcomes {
  return {
    settled: async (id, reference) => void (await settleTopUp(ctx, id, reference)),
    failed: async (id, reason) => void (await failTopUp(ctx, id, reason)),
    reversed: async (id, reason) => void (await reverseTopUp(ctx, id, reason)),
  };
}

interface Requested {
  row: TopUpRow;
  source: { id: string; kind: 'card' | 'bank' };
}

/** Counts first, under the shopper's lock: the limits hold however many requests race. */
async function writeRequest(
  ctx: ProviderContext,
  sql: Sql,
  auth: DeviceAuth,
  rail: string,
  limits: TopUpLimits,
  req: { amount: number; currency: string; funding_source_id?: string | undefined },
): Promise<Requested> {
  const at = ctx.clock();
  // NO KEY UPDATE: serialises this shopper's top-ups without blocking rows that reference the shopper.
  await sql.query('SELECT 1 FROM shoppers WHERE id = $1 FOR NO KEY UPDATE', [auth.shopperId]);
  const sources = await sql.query<{ id: string; kind: 'card' | 'bank'; limit_amount: number | null }>(
    `SELECT id, kind, limit_amount FROM funding_sources WHERE shopper_id = $1 AND removed_at IS NULL AND ${req.funding_source_id ? 'id = $2' : 'is_default'}`,
    req.funding_source_id ? [auth.shopperId, req.funding_source_id] : [auth.shopperId],
  );
  const source = sources[0];
  if (!source)
    throw req.funding_source_id
      ? notFound('funding source')
      : new HttpError(409, 'conflict', 'add a funding source before topping up');
  // Failed top-ups moved nothing and do not count; reversed ones do, so request-and-reverse cannot loop.
  const [used] = await sql.query<{ day: number; month: number; source: number }>(
    `SELECT
       coalesce(sum(amount) FILTER (WHERE rail = $2 AND requested_at > $3), 0) AS day,
       coalesce(sum(amount) FILTER (WHERE rail = $2), 0) AS month,
       coalesce(sum(amount) FILTER (WHERE funding_source_id = $5), 0) AS source
     FROM top_ups WHERE shopper_id = $1 AND currency = $6 AND state <> 'failed' AND requested_at > $4`,
    [
      auth.shopperId,
      rail,
      new Date(at.getTime() - DAY_MS),
      new Date(at.getTime() - WINDOW_MS),
      source.id,
      req.currency,
    ],
  );
  // Limits are per currency, in its minor units: amounts in different currencies do not add up.
  const money = (n: number) => minorText(n, req.currency);
  const { day, month, source: bySource } = used!;
  if (source.limit_amount !== null && bySource + req.amount > source.limit_amount) {
    throw overLimit(
      `this source's limit is ${source.limit_amount} per 30 days and ${bySource} is used: at most ${Math.max(0, source.limit_amount - bySource)} more`,
    );
  }
  if (day + req.amount > limits.perDay)
    throw overLimit(
      `top-ups are limited to ${money(limits.perDay)} a day and ${money(day)} is used: at most ${money(Math.max(0, limits.perDay - day))} more today`,
    );
  if (month + req.amount > limits.perAccount30Days) {
    throw overLimit(
      `top-ups are limited to ${money(limits.perAccount30Days)} per 30 days and ${money(month)} is used: at most ${money(Math.max(0, limits.perAccount30Days - month))} more`,
    );
  }
  const rows = await sql.query<TopUpRow>(
    `INSERT INTO top_ups (id, shopper_id, funding_source_id, rail, amount, currency, state, requested_at)
     VALUES ($1, $2, $3, $4, $5, $6, 'requested', $7) RETURNING ${TOP_UP_COLUMNS}`,
    [newId('tu'), auth.shopperId, source.id, rail, req.amount, req.currency, at],
  );
  const row = rows[0]!;
  await recordEvent(sql, {
    shopperId: auth.shopperId,
    kind: 'balance.top_up_requested',
    at,
    amount: req.amount,
    currency: req.currency,
    detail: { top_up_id: row.id, rail, funding_source_id: source.id },
  });
  return { row, source: { id: source.id, kind: source.kind } };
}

export async function requestTopUp(
  ctx: ProviderContext,
  auth: DeviceAuth,
  req: { amount: number; currency: string; funding_source_id?: string | undefined },
) {
  const rail = ctx.rails.get(ctx.policy.fundingRail);
  const limits = ctx.policy.topUpLimits[rail.name]!;
  if (req.amount > limits.perTopUp) throw overLimit(`a top-up is at most ${minorText(limits.perTopUp, req.currency)}`);
  const { row, source } = await ctx.db.tx((sql) => writeRequest(ctx, sql, auth, rail.name, limits, req));

  const outcome = ctx.rails.waitForOutcome(row.id, ctx.policy.topUpWaitMs);
  let answer;
  try {
    answer = await rail.requestTopUp(
      {
        topUpId: row.id,
        amount: row.amount,
        currency: row.currency,
        source: { ...source, details: () => openSource(ctx, source.id) },
      },
      railOutcomes(ctx),
    );
  } catch (err) {
    outcome.cancel();
    await failTopUp(ctx, row.id, `the ${rail.name} rail could not be reached`);
    ctx.securityLog(
      JSON.stringify({ event: 'top_up.rail_unreachable', top_up_id: row.id, rail: rail.name, error: String(err) }),
    );
    throw new HttpError(
      503,
      'unavailable',
      `the ${rail.name} funding rail could not be reached: nothing was charged; try again later`,
    );
  }
  if (!answer.accepted) {
    outcome.cancel();
    await failTopUp(ctx, row.id, answer.reason);
  } else {
    await ctx.db.query('UPDATE top_ups SET rail_reference = $2 WHERE id = $1 AND rail_reference IS NULL', [
      row.id,
      answer.reference,
    ]);
    await outcome.done;
  }
  const [now] = await ctx.db.query<TopUpRow>(`SELECT ${TOP_UP_COLUMNS} FROM top_ups WHERE id = $1`, [row.id]);
  // The balance in the currency topped up: each currency is its own balance.
  const status = await fundingStatus(ctx, auth.shopperId, row.currency);
  const bal = await shopperBalances(ctx.db, auth.shopperId, row.currency);
  return {
    balance: bal.available,
    held: bal.held,
    pending: status.pending,
    currency: row.currency,
    test_money: status.test_money,
    top_up: toTopUp(now!, ctx.rails.isTestMoney(now!.rail)),
  };
}

/** The sealed details of one source, opened only for a rail that charges it (the sandbox never asks). */
async function openSource(ctx: ProviderContext, id: string): Promise<SourceDetails> {
  const rows = await ctx.db.query<{ kind: 'card' | 'bank'; details_enc: Buffer }>(
    'SELECT kind, details_enc FROM funding_sources WHERE id = $1',
    [id],
  );
  if (!rows[0]) throw new Error(`funding source ${id} is gone`);
  return { kind: rows[0].kind, ...JSON.parse(ctx.keys.open(rows[0].details_enc, id)) } as SourceDetails;
}

/**
 * What /me adds about funding: requested top-ups not yet spendable, what a reversal left
 * owed, and whether any of the balance came from a test rail. Money is fungible: once an
 * account has taken test money, its whole balance is marked as test money.
 */
export async function fundingStatus(
  ctx: Pick<ProviderContext, 'db' | 'rails'>,
  shopperId: string,
  currency: string,
): Promise<{ pending: number; owed: number; test_money: boolean }> {
  const [row] = await ctx.db.query<{ pending: number; owed: number; rails: string[] | null }>(
    `SELECT
       (SELECT coalesce(sum(amount), 0) FROM top_ups WHERE shopper_id = $1 AND currency = $2 AND state = 'requested') AS pending,
       (SELECT coalesce(-sum(balance), 0) FROM ledger_accounts WHERE owner_id = $1 AND kind = 'debt' AND currency = $2) AS owed,
       (SELECT array_agg(DISTINCT rail) FROM top_ups WHERE shopper_id = $1 AND currency = $2 AND state IN ('requested', 'settled')) AS rails`,
    [shopperId, currency],
  );
  return {
    pending: row!.pending,
    owed: row!.owed,
    test_money: (row!.rails ?? []).some((r) => ctx.rails.isTestMoney(r)),
  };
}

export async function getTopUp(ctx: ProviderContext, auth: DeviceAuth, id: string): Promise<TopUp> {
  const rows = await ctx.db.query<TopUpRow>(`SELECT ${TOP_UP_COLUMNS} FROM top_ups WHERE id = $1 AND shopper_id = $2`, [
    id,
    auth.shopperId,
  ]);
  if (!rows[0]) throw notFound('top-up');
  return toTopUp(rows[0], ctx.rails.isTestMoney(rows[0].rail));
}
