/**
 * Funding sources (cards and bank accounts that top up the Veil balance). Their
 * numbers are sealed at rest; only brand and last 4 are stored in the clear. Top-ups
 * from them go through a funding rail: src/provider/funding.
 */
import type { AddFundingSourceRequest, FundingSource } from '../../protocol';
import { cardBrand, last4 } from '../../protocol';
import type { ProviderContext } from '../context';
import type { DeviceAuth } from './accounts';
import { HttpError, notFound } from '../http/errors';
import { newId } from '../crypto/tokens';
import { recordEvent } from '../audit/events';

interface SourceRow {
  id: string;
  kind: 'card' | 'bank';
  brand: string;
  last4: string;
  is_default: boolean;
  limit_amount: number | null;
  created_at: Date;
}
const COLUMNS = 'id, kind, brand, last4, is_default, limit_amount, created_at';

const toSource = (r: SourceRow): FundingSource => ({
  id: r.id,
  kind: r.kind,
  brand: r.brand,
  last4: r.last4,
  is_default: r.is_default,
  limit: r.limit_amount,
  created_at: r.created_at.toISOString(),
});

export async function addFundingSource(
  ctx: ProviderContext,
  auth: DeviceAuth,
  req: AddFundingSourceRequest,
): Promise<FundingSource> {
  if (req.kind === 'card') {
    const now = ctx.clock();
    const endOfExpiry = Date.UTC(req.exp_year, req.exp_month, 1); // first instant after the expiry month
    if (endOfExpiry <= now.getTime())
      throw new HttpError(400, 'invalid_request', 'invalid body: exp_year: this card has expired', [
        { path: 'exp_year', message: 'card has expired' },
      ]);
  }
  const id = newId('fs');
  const details =
    req.kind === 'card'
      ? { number: req.number, exp_month: req.exp_month, exp_year: req.exp_year, holder: req.holder }
      : { routing_number: req.routing_number, account_number: req.account_number, holder: req.holder };
  const digits = req.kind === 'card' ? req.number : req.account_number;
  const brand = req.kind === 'card' ? cardBrand(req.number) : 'bank';
  const sealed = ctx.keys.seal(JSON.stringify(details), id);
  return ctx.db.tx(async (sql) => {
    const at = ctx.clock();
    const live = await sql.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM funding_sources WHERE shopper_id = $1 AND removed_at IS NULL',
      [auth.shopperId],
    );
    const makeDefault = req.make_default === true || (live[0]?.n ?? 0) === 0;
    if (makeDefault)
      await sql.query('UPDATE funding_sources SET is_default = false WHERE shopper_id = $1 AND is_default', [
        auth.shopperId,
      ]);
    const rows = await sql.query<SourceRow>(
      `INSERT INTO funding_sources (id, shopper_id, kind, brand, last4, details_enc, is_default, limit_amount, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${COLUMNS}`,
      [id, auth.shopperId, req.kind, brand, last4(digits), sealed, makeDefault, req.limit ?? null, at],
    );
    await recordEvent(sql, {
      shopperId: auth.shopperId,
      kind: 'funding.added',
      at,
      detail: { funding_source_id: id, kind: req.kind, brand, last4: last4(digits) },
    });
    return toSource(rows[0]!);
  });
}

export async function listFundingSources(ctx: ProviderContext, auth: DeviceAuth): Promise<FundingSource[]> {
  const rows = await ctx.db.query<SourceRow>(
    `SELECT ${COLUMNS} FROM funding_sources WHERE shopper_id = $1 AND removed_at IS NULL ORDER BY created_at, id`,
    [auth.shopperId],
  );
  return rows.map(toSource);
}

export async function updateFundingSource(
  ctx: ProviderContext,
  auth: DeviceAuth,
  id: string,
  req: { make_default?: true | undefined; limit?: number | null | undefined },
): Promise<FundingSource> {
  return ctx.db.tx(async (sql) => {
    const at = ctx.clock();
    const found = await sql.query<SourceRow>(
      `SELECT ${COLUMNS} FROM funding_sources WHERE id = $1 AND shopper_id = $2 AND removed_at IS NULL FOR UPDATE`,
      [id, auth.shopperId],
    );
    if (!found[0]) throw notFound('funding source');
    if (req.make_default) {
      await sql.query(
        'UPDATE funding_sources SET is_default = false WHERE shopper_id = $1 AND is_default AND id <> $2',
        [auth.shopperId, id],
      );
      await sql.query('UPDATE funding_sources SET is_default = true WHERE id = $1', [id]);
    }
    if (req.limit !== undefined)
      await sql.query('UPDATE funding_sources SET limit_amount = $2 WHERE id = $1', [id, req.limit]);
    const rows = await sql.query<SourceRow>(`SELECT ${COLUMNS} FROM funding_sources WHERE id = $1`, [id]);
    await recordEvent(sql, {
      shopperId: auth.shopperId,
      kind: 'funding.updated',
      at,
      detail: { funding_source_id: id, ...req },
    });
    return toSource(rows[0]!);
  });
}

export async function removeFundingSource(ctx: ProviderContext, auth: DeviceAuth, id: string): Promise<void> {
  await ctx.db.tx(async (sql) => {
    const at = ctx.clock();
    const rows = await sql.query<{ is_default: boolean }>(
      'SELECT is_default FROM funding_sources WHERE id = $1 AND shopper_id = $2 AND removed_at IS NULL FOR UPDATE',
      [id, auth.shopperId],
    );
    if (!rows[0]) throw notFound('funding source');
    await sql.query('UPDATE funding_sources SET removed_at = $2, is_default = false WHERE id = $1', [id, at]);
    if (rows[0].is_default) {
      // The oldest remaining source becomes the default, so top-ups keep working.
      await sql.query(
        `UPDATE funding_sources SET is_default = true WHERE id = (SELECT id FROM funding_sources WHERE shopper_id = $1 AND removed_at IS NULL ORDER BY created_at, id LIMIT 1)`,
        [auth.shopperId],
      );
    }
    await recordEvent(sql, {
      shopperId: auth.shopperId,
      kind: 'funding.removed',
      at,
      detail: { funding_source_id: id },
    });
  });
}
