/**
 * Vendor validation. Node does what needs the keys — the PAN's keyed hash and the
 * CVC check — and `veil_validate` (src/provider/db/functions/veil_validate.sql) does the rest in one statement:
 * vendor key, idempotency, card-testing throttle (reserved first for what Node can
 * foresee, below), the card row locked first so
 * concurrent validations of one card queue on it, the checks, the hold, the events.
 * One round trip instead of ten, and under load one transaction for several
 * validations (batcher.ts): see README, Performance.
 */
import type { Authorization, AuthorizationRequest } from '../../protocol';
import { luhnValid } from '../../protocol';
import type { ProviderContext } from '../context';
import { HttpError, ThrottledError } from '../http/errors';
import { newId, tokenHash } from '../crypto/tokens';
import { logSecurity, recordSecurityEvent, type SecurityRow } from '../security/log';
import { addressKey } from '../security/address-key';
import { fromAnswer, reachedLimit, type Reservation } from '../security/throttle';
import { authRowFromJson, toVendorView } from './records';
import { unmatchableKey, type Answer } from './idempotency';

type Outcome =
  | { outcome: 'unauthorized' }
  | { outcome: 'forbidden'; vendor_origin: string }
  | { outcome: 'mismatch' }
  | { outcome: 'replay'; status_code: number; kind: 'body' | 'authorization'; response: Record<string, unknown> }
  | { outcome: 'throttled'; retry_after_s: number }
  | {
      outcome: 'decided';
      authorization: Record<string, unknown>;
      security: SecurityRow[];
      notify: string[];
      card_testing: boolean;
    };

export interface VendorCaller {
  /** The bearer key as sent; only its hash reaches the database. */
  key: string;
  /** The client's address, for the card-testing throttle and the security log. */
  address: string | undefined;
}

/** Counted in its own transaction, after the decision commits: migration 014 says why. */
const CARD_TESTING_HIT = `SELECT veil_card_testing_hit($1, $2, $3, $4, $5, $6, $7) AS r`;
/** Slots taken before the validation, in a transaction that does not wait for the WAL flush (migration 017). */
const CARD_TESTING_RESERVE = `SELECT veil_card_testing_reserve($1, $2, $3, $4, $5) AS r`;
const CARD_TESTING_RELEASE = `SELECT veil_card_testing_release($1::text[], $2::text[], $3::timestamptz[])`;
/** veil_validate's card-testing check, for a validation that holds its slots already. */
const NO_CEILING = 2 ** 31 - 1;

const json = (raw: unknown): unknown => (typeof raw === 'string' ? JSON.parse(raw) : raw);

/**
 * Card testing, counted before the work for what the provider can foresee: a number
 * that is no card (Luhn) or card secrets that do not match it (the CVC is recomputed
 * here, from the PAN and expiry, with the server key). Such a validation takes its
 * vendor key's and address's slots first; at the limit it is refused with 429 and
 * never evaluated, so a burst from one key evaluates at most the limit. A validation
 * with matching secrets (all honest traffic) takes no slot, and veil_validate reads the
 * counters for it as before: the hot path gains no round trip.
 */
async function reserveCardTesting(
  ctx: ProviderContext,
  keyHash: Buffer,
  address: string | null,
  now: Date,
  idemKey: string | undefined,
): Promise<Reservation | undefined> {
  const { cardTesting } = ctx.policy;
  const rows = await ctx.db.query<{ r: unknown }>(
    CARD_TESTING_RESERVE,
    [keyHash, address, now, cardTesting.max, cardTesting.windowS],
    'veil_card_testing_reserve',
  );
  const a = json(rows[0]!.r) as (Parameters<typeof fromAnswer>[0] & { scopes: string[]; keys: string[] }) | null;
  if (!a) return undefined; // an unknown vendor key: veil_validate answers 401
  const r = fromAnswer(
    a,
    a.scopes.map((scope, i) => ({ scope, key: a.keys[i]!, limit: cardTesting })),
  );
  if (r.ok) return r.reservation;
  // A retry of a request decided before the throttle still gets its first answer:
  // veil_validate replays it, or, the counters being at the limit, refuses it unevaluated.
  if (idemKey !== undefined) return undefined;
  throw throttled(r.retryAfterS);
}

const throttled = (s: number) =>
  new ThrottledError(
    `too many unknown cards or wrong card details from this vendor key or address: retry in ${s} s`,
    s,
  );

async function releaseCardTesting(ctx: ProviderContext, r: Reservation): Promise<void> {
  await ctx.db.query(
    CARD_TESTING_RELEASE,
    [r.counters.map((c) => c.scope), r.counters.map((c) => c.key), r.windowStarts],
    'veil_card_testing_release',
  );
}

/** Whether this vendor's stored request under `idemKey` predates keyed request hashes (migration 019). */
async function storedBeforeKeyedHashes(ctx: ProviderContext, caller: VendorCaller, idemKey: string): Promise<boolean> {
  const rows = await ctx.db.query<{ legacy: boolean }>(
    'SELECT length(k.request_hash) = 0 AS legacy FROM idempotency_keys k JOIN vendors v ON v.id = k.vendor_id WHERE v.key_hash = $1 AND k.key = $2',
    [tokenHash(caller.key), idemKey],
  );
  return rows[0]?.legacy === true;
}

export async function authorize(
  ctx: ProviderContext,
  caller: VendorCaller,
  req: AuthorizationRequest,
  idemKey: string | undefined,
): Promise<Answer<Authorization>> {
  const { card } = req;
  const known = luhnValid(card.number);
  const { policy } = ctx;
  const now = ctx.clock();
  const keyHash = tokenHash(caller.key);
  // One client per IPv6 /64 (address-key.ts): the key counts and is recorded with the events.
  const address = caller.address ? addressKey(caller.address) : null;
  const secretsOk = known && ctx.keys.cvcValid(card.number, card.exp_month, card.exp_year, card.cvc);
  const held = secretsOk ? undefined : await reserveCardTesting(ctx, keyHash, address, now, idemKey);
  let r: Outcome;
  try {
    r = (await ctx.validations.validate({
      keyHash,
      address,
      idemKey: idemKey ?? null,
      requestHash: ctx.keys.requestHash('POST', '/v1/authorizations', req),
      panHash: known ? ctx.keys.panHash(card.number) : null,
      secretsOk,
      expMonth: card.exp_month,
      expYear: card.exp_year,
      amount: req.amount,
      currency: req.currency,
      merchantName: req.merchant.name,
      merchantOrigin: req.merchant.origin,
      purchasingId: req.purchasing_id ?? null,
      now,
      id: newId('auth'),
      ...(held ? { testingMax: NO_CEILING } : {}),
    })) as Outcome;
  } catch (err) {
    if (held) await releaseCardTesting(ctx, held).catch(() => undefined); // the outcome is unknown: the vendor retries
    throw err;
  }
  const counted = r.outcome === 'decided' && r.card_testing;
  if (held && !counted) await releaseCardTesting(ctx, held);
  switch (r.outcome) {
    case 'unauthorized':
      throw new HttpError(401, 'unauthorized', 'unknown or revoked vendor key');
    case 'forbidden':
      throw new HttpError(
        403,
        'forbidden',
        `this vendor key is for ${r.vendor_origin}; merchant.origin ${req.merchant.origin} does not match`,
      );
    case 'mismatch':
      // Rare, so one more read here rather than a wider answer from veil_validate.
      if (idemKey !== undefined && (await storedBeforeKeyedHashes(ctx, caller, idemKey))) throw unmatchableKey();
      throw new HttpError(
        422,
        'idempotency_mismatch',
        'this Idempotency-Key was used for a different request: use a new key for a new request',
      );
    case 'throttled':
      throw throttled(r.retry_after_s);
    case 'replay':
      return r.kind === 'authorization'
        ? { status: r.status_code, body: toVendorView(authRowFromJson(r.response)) }
        : { status: r.status_code, body: r.response as unknown as Authorization };
    case 'decided': {
      ctx.eventNotifier.push(r.notify);
      logSecurity(ctx, r.security);
      const a = r.authorization;
      if (held && counted) {
        // The slot stays taken; the one that reached the limit is a security event, recorded durably.
        const { max, windowS } = policy.cardTesting;
        const rows: SecurityRow[] = [];
        for (const c of reachedLimit(held)) {
          rows.push(
            await recordSecurityEvent(ctx.db, {
              kind: 'card_testing.throttled',
              vendorId: a.vendor_id as string,
              authorizationId: a.id as string,
              address,
              reason: a.reason as string,
              at: now,
              detail: { scope: c.scope, limit: max, window_s: windowS },
            }),
          );
        }
        logSecurity(ctx, rows);
      } else if (counted) {
        // Matching secrets, yet counted (a blocked card, a number with no card): rare, and
        // only for someone holding a card's secrets; counted after, as migration 014 does.
        const hit = await ctx.db.query<{ r: SecurityRow[] | string }>(
          CARD_TESTING_HIT,
          [a.vendor_id, address, a.id, a.reason, now, policy.cardTesting.max, policy.cardTesting.windowS],
          'veil_card_testing_hit',
        );
        const rows = hit[0]!.r;
        logSecurity(ctx, typeof rows === 'string' ? (JSON.parse(rows) as SecurityRow[]) : rows);
      }
      return { status: 200, body: toVendorView(authRowFromJson(a)) };
    }
  }
}
