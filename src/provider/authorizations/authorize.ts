/**
 * Vendor validation. Node does what needs the keys — the PAN's keyed hash and the
 * CVC check — and `veil_validate` (migration 002) does the rest in one statement:
 * vendor key, idempotency, card-testing throttle, the card row locked first so
 * concurrent validations of one card queue on it, the checks, the hold, the events.
 * One round trip instead of ten, and under load one transaction for several
 * validations (batcher.ts): see README, Performance.
 */
import type { Authorization, AuthorizationRequest } from '../../protocol';
import { luhnValid } from '../../protocol';
import type { ProviderContext } from '../context';
import { HttpError, ThrottledError } from '../http/errors';
import { newId, tokenHash } from '../crypto/tokens';
import { logSecurity, type SecurityRow } from '../security/log';
import { authRowFromJson, toVendorView } from './records';
import { unmatchableKey, type Answer } from './idempotency';

type Outcome =
  | { outcome: 'unauthorized' }
  | { outcome: 'forbidden'; vendor_origin: string }
  | { outcome: 'mismatch' }
  | { outcome: 'replay'; status_code: number; kind: 'body' | 'authorization'; response: Record<string, unknown> }
  | { outcome: 'throttled'; retry_after_s: number }
  | { outcome: 'decided'; authorization: Record<string, unknown>; security: SecurityRow[]; notify: string[]; card_testing: boolean };

export interface VendorCaller {
  /** The bearer key as sent; only its hash reaches the database. */
  key: string;
  /** The client's address, for the card-testing throttle and the security log. */
  address: string | undefined;
}

/** Counted in its own transaction, after the decision commits: migration 014 says why. */
const CARD_TESTING_HIT = `SELECT veil_card_testing_hit($1, $2, $3, $4, $5, $6, $7) AS r`;

/** Whether this vendor's stored request under `idemKey` predates keyed request hashes (migration 019). */
async function storedBeforeKeyedHashes(ctx: ProviderContext, caller: VendorCaller, idemKey: string): Promise<boolean> {
  const rows = await ctx.db.query<{ legacy: boolean }>(
    'SELECT length(k.request_hash) = 0 AS legacy FROM idempotency_keys k JOIN vendors v ON v.id = k.vendor_id WHERE v.key_hash = $1 AND k.key = $2',
    [tokenHash(caller.key), idemKey],
  );
  return rows[0]?.legacy === true;
}

export async function authorize(ctx: ProviderContext, caller: VendorCaller, req: AuthorizationRequest, idemKey: string | undefined): Promise<Answer<Authorization>> {
  const { card } = req;
  const known = luhnValid(card.number);
  const { policy } = ctx;
  const now = ctx.clock();
  const r = (await ctx.validations.validate({
    keyHash: tokenHash(caller.key), address: caller.address ?? null, idemKey: idemKey ?? null,
    requestHash: ctx.keys.requestHash('POST', '/v1/authorizations', req),
    panHash: known ? ctx.keys.panHash(card.number) : null,
    secretsOk: known && ctx.keys.cvcValid(card.number, card.exp_month, card.exp_year, card.cvc),
    expMonth: card.exp_month, expYear: card.exp_year, amount: req.amount, currency: req.currency,
    merchantName: req.merchant.name, merchantOrigin: req.merchant.origin, purchasingId: req.purchasing_id ?? null,
    now, id: newId('auth'),
  })) as Outcome;
  switch (r.outcome) {
    case 'unauthorized':
      throw new HttpError(401, 'unauthorized', 'unknown or revoked vendor key');
    case 'forbidden':
      throw new HttpError(403, 'forbidden', `this vendor key is for ${r.vendor_origin}; merchant.origin ${req.merchant.origin} does not match`);
    case 'mismatch':
      // Rare, so one more read here rather than a wider answer from veil_validate.
      if (idemKey !== undefined && (await storedBeforeKeyedHashes(ctx, caller, idemKey))) throw unmatchableKey();
      throw new HttpError(422, 'idempotency_mismatch', 'this Idempotency-Key was used for a different request: use a new key for a new request');
    case 'throttled':
      throw new ThrottledError(`too many unknown cards or wrong card details from this vendor key or address: retry in ${r.retry_after_s} s`, r.retry_after_s);
    case 'replay':
      return r.kind === 'authorization'
        ? { status: r.status_code, body: toVendorView(authRowFromJson(r.response)) }
        : { status: r.status_code, body: r.response as unknown as Authorization };
    case 'decided': {
      ctx.eventNotifier.push(r.notify);
      logSecurity(ctx, r.security);
      const a = r.authorization;
      if (r.card_testing) {
        const hit = await ctx.db.query<{ r: SecurityRow[] | string }>(CARD_TESTING_HIT, [
          a.vendor_id, caller.address ?? null, a.id, a.reason, now, policy.cardTesting.max, policy.cardTesting.windowS,
        ], 'veil_card_testing_hit');
        const rows = hit[0]!.r;
        logSecurity(ctx, typeof rows === 'string' ? (JSON.parse(rows) as SecurityRow[]) : rows);
      }
      return { status: 200, body: toVendorView(authRowFromJson(a)) };
    }
  }
}
