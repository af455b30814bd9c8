/**
 * The operator's exchange rates (migration 023): set from the CLI, every change audited,
 * read when a shopper asks for a quote or issues a card that draws on another currency's
 * balance. A rate older than policy.fxMaxRateAgeS is refused for new cards: a card locks
 * the rate it was issued with, so a stale rate would be locked for the card's whole life.
 */
import type { FxQuote } from '../../protocol';
import { convertDown, minorRate, Rate } from '../../protocol';
import type { ProviderContext } from '../context';
import type { Db, Sql } from '../db/db';
import { HttpError } from '../http/errors';

export interface RateRow {
  base: string;
  quote: string;
  /** Exact decimal text, never a float. */
  rate: string;
  set_at: Date;
}

export class RateInputError extends Error {}

const CODE = /^[A-Z]{3}$/;

/** Sets base → quote (1 base = rate quote) and records the change in the same transaction. */
export async function setRate(
  db: Db,
  base: string,
  quote: string,
  rate: string,
  by: string,
  at: Date,
): Promise<RateRow> {
  base = base.toUpperCase();
  quote = quote.toUpperCase();
  if (!CODE.test(base) || !CODE.test(quote)) throw new RateInputError('currencies are ISO 4217 codes such as EUR USD');
  if (base === quote) throw new RateInputError('a rate needs two different currencies');
  const parsed = Rate.safeParse(rate);
  if (!parsed.success) throw new RateInputError(`rate: ${parsed.error.issues[0]!.message}, not ${rate}`);
  return db.tx(async (sql) => {
    const old = await sql.query<{ rate: string }>(
      'SELECT rate::text AS rate FROM fx_rates WHERE base = $1 AND quote = $2 FOR UPDATE',
      [base, quote],
    );
    const rows = await sql.query<RateRow>(
      `INSERT INTO fx_rates (base, quote, rate, set_at) VALUES ($1, $2, $3::numeric, $4)
       ON CONFLICT (base, quote) DO UPDATE SET rate = EXCLUDED.rate, set_at = EXCLUDED.set_at
       RETURNING base, quote, rate::text AS rate, set_at`,
      [base, quote, rate, at],
    );
    await sql.query(
      'INSERT INTO fx_rate_changes (base, quote, old_rate, new_rate, set_by, set_at) VALUES ($1, $2, $3::numeric, $4::numeric, $5, $6)',
      [base, quote, old[0]?.rate ?? null, rate, by, at],
    );
    return rows[0]!;
  });
}

export async function listRates(db: Db | Sql): Promise<RateRow[]> {
  return db.query<RateRow>('SELECT base, quote, rate::text AS rate, set_at FROM fx_rates ORDER BY base, quote');
}

export interface LockedRate {
  /** Funding major units per card major unit, as the operator set it. */
  rate: string;
  /** The same per minor unit: what charges convert with. */
  minor: string;
  setAt: Date;
}

/**
 * The usable rate for a card in `currency` drawing on `fundFrom`, or a 409 that says why
 * there is none: no rate for that direction, or one older than the policy allows.
 */
export async function usableRate(
  ctx: Pick<ProviderContext, 'policy' | 'clock'>,
  sql: Db | Sql,
  currency: string,
  fundFrom: string,
): Promise<LockedRate> {
  const rows = await sql.query<RateRow>(
    'SELECT base, quote, rate::text AS rate, set_at FROM fx_rates WHERE base = $1 AND quote = $2',
    [currency, fundFrom],
  );
  const r = rows[0];
  if (!r)
    throw new HttpError(
      409,
      'conflict',
      `no exchange rate from ${currency} to ${fundFrom}: the provider does not convert between them`,
    );
  const ageS = (ctx.clock().getTime() - r.set_at.getTime()) / 1000;
  if (ageS > ctx.policy.fxMaxRateAgeS)
    throw new HttpError(
      409,
      'conflict',
      `the ${currency} to ${fundFrom} rate was set ${Math.floor(ageS / 3600)} h ago, older than the ${Math.floor(ctx.policy.fxMaxRateAgeS / 3600)} h allowed: it is not used until the operator sets it again`,
    );
  return { rate: r.rate, minor: minorRate(r.rate, currency, fundFrom), setAt: r.set_at };
}

/** What a card with this cap would lock and draw at most, shown before issuing. */
export async function quote(
  ctx: ProviderContext,
  q: { currency: string; fund_from: string; amount: number },
): Promise<FxQuote> {
  if (q.currency === q.fund_from)
    throw new HttpError(400, 'invalid_request', 'invalid query: fund_from: the same currency needs no conversion', [
      { path: 'fund_from', message: 'must differ from currency' },
    ]);
  const r = await usableRate(ctx, ctx.db, q.currency, q.fund_from);
  return {
    currency: q.currency,
    fund_from: q.fund_from,
    rate: r.rate,
    set_at: r.setAt.toISOString(),
    amount: q.amount,
    funded_amount: convertDown(q.amount, r.minor),
  };
}
