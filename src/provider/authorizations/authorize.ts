/**
 * Vendor validation. Node does what needs the keys — the PAN's keyed hash and the
 * CVC check — and `veil_validate` (migration 002) does the rest in one statement
 * that commits on its own: vendor key, idempotency, card-testing throttle, the card
 * row locked first so concurrent validations of one card queue on it, the checks,
 * the hold, the events. One round trip instead of ten: see README, Performance.
 */
import type { Authorization, AuthorizationRequest } from '../../protocol';
import { luhnValid } from '../../protocol';
import type { ProviderContext } from '../context';
import { HttpError, ThrottledError } from '../http/errors';
import { newId, tokenHash } from '../crypto/tokens';
import { logSecurity, type SecurityRow } from '../security/log';
import { authRowFromJson, toVendorView } from './records';
import { requestHash, type Answer } from './idempotency';

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

const VALIDATE = `SELECT veil_validate(
  p_key_hash => $1, p_address => $2, p_idem_key => $3, p_request_hash => $4, p_pan_hash => $5, p_secrets_ok => $6,
  p_exp_month => $7, p_exp_year => $8, p_amount => $9, p_currency => $10, p_merchant_name => $11, p_merchant_origin => $12,
  p_purchasing_id => $13, p_now => $14, p_id => $15, p_hold_ttl_s => $16, p_max_wrong_tries => $17,
  p_testing_max => $18, p_testing_window_s => $19) AS r`;

export async function authorize(ctx: ProviderContext, caller: VendorCaller, req: AuthorizationRequest, idemKey: string | undefined): Promise<Answer<Authorization>> {
  const { card } = req;
  const known = luhnValid(card.number);
  const { policy } = ctx;
  const now = ctx.clock();
  const rows = await ctx.db.query<{ r: Outcome | string }>(VALIDATE, [
    tokenHash(caller.key), caller.address ?? null, idemKey ?? null, requestHash('POST', '/v1/authorizations', req),
    known ? ctx.keys.panHash(card.number) : null, known && ctx.keys.cvcValid(card.number, card.exp_month, card.exp_year, card.cvc),
    card.exp_month, card.exp_year, req.amount, req.currency, req.merchant.name, req.merchant.origin,
    req.purchasing_id ?? null, now, newId('auth'), policy.holdTtlS, policy.maxWrongTries,
    policy.cardTesting.max, policy.cardTesting.windowS,
  ], 'veil_validate');
  const raw = rows[0]!.r;
  const r = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Outcome;
  switch (r.outcome) {
    case 'unauthorized':
      throw new HttpError(401, 'unauthorized', 'unknown or revoked vendor key');
    case 'forbidden':
      throw new HttpError(403, 'forbidden', `this vendor key is for ${r.vendor_origin}; merchant.origin ${req.merchant.origin} does not match`);
    case 'mismatch':
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
