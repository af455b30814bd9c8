/**
 * The card checks run in the database (`veil_check_card`, src/provider/db/functions/veil_check_card.sql) so a
 * validation is one round trip; `checkCard` in check-card.ts is their readable
 * specification. Random cards and requests, the same answer from both: reason,
 * explanation, and whether the try counts as wrong or blocks the card.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DB_KINDS, openTestDb } from '../support/harness';
import { inject } from 'vitest';
import type { Db } from '../../src/provider/db/db';
import { migrate } from '../../src/provider/db/migrate';
import { checkCard, periodStart, type Presented } from '../../src/provider/authorizations/check-card';
import { DEFAULT_POLICY } from '../../src/provider/policy';
import type { CardRow } from '../../src/provider/issuing/cards';

const NOW = new Date('2026-11-22T12:00:00.000Z');
const RUNS = 400;

const cardArb: fc.Arbitrary<CardRow> = fc.record({
  id: fc.constant('card_prop0000001'),
  shopper_id: fc.constant('shp_prop00000001'),
  purchasing_id: fc.constantFrom('VL-AAAA-BBBB', 'VL-CCCC-DDDD'),
  pan_enc: fc.constant(Buffer.alloc(0)),
  cvc_hash: fc.constant(Buffer.alloc(0)),
  last4: fc.constant('0001'),
  brand: fc.constant('visa'),
  exp_month: fc.integer({ min: 1, max: 12 }),
  exp_year: fc.integer({ min: 2026, max: 2028 }),
  mode: fc.constantFrom('notification', 'confirmation', 'card_reader', 'recurring'),
  state: fc.constantFrom('active', 'active', 'active', 'paused', 'closed', 'blocked', 'expired'),
  merchant_origin: fc.constantFrom('https://shop.example', 'https://other.example'),
  merchant_name: fc.constant(null),
  currency: fc.constantFrom('USD', 'USD', 'EUR'),
  cap_amount: fc.integer({ min: 1, max: 10_000 }),
  uses_allowed: fc.option(fc.integer({ min: 1, max: 3 })),
  uses_count: fc.integer({ min: 0, max: 4 }),
  period_limit: fc.constant(null),
  period: fc.constant(null),
  confirm_window_s: fc.constant(60),
  wrong_tries: fc.integer({ min: 0, max: 5 }),
  valid_until: fc
    .oneof(fc.integer({ min: 1, max: 3600 }), fc.integer({ min: 1, max: 3600 }), fc.integer({ min: -3600, max: 0 }))
    .map((s) => new Date(NOW.getTime() + s * 1000)),
  created_at: fc.constant(new Date(NOW.getTime() - 3600_000)),
  // Mostly no trial; otherwise one that has ended, ends exactly now, or is still running.
  trial_ends_at: fc.oneof(
    { arbitrary: fc.constant(null), weight: 4 },
    { arbitrary: fc.integer({ min: -3600, max: 3600 }).map((s) => new Date(NOW.getTime() + s * 1000)), weight: 1 },
    { arbitrary: fc.constant(NOW), weight: 1 },
  ),
});

/** Mostly the card's own value, sometimes anything: so requests get past the early checks often enough to reach the late ones. */
const mostly = <T>(own: T, other: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: fc.constant(own), weight: 5 }, { arbitrary: other, weight: 1 });

const presentedArb = (card: CardRow): fc.Arbitrary<Presented> =>
  fc.record({
    exp_month: mostly(card.exp_month, fc.integer({ min: 1, max: 12 })),
    exp_year: mostly(card.exp_year, fc.integer({ min: 2026, max: 2028 })),
    cvcMatches: mostly(true, fc.boolean()),
    amount: fc.oneof(
      fc.constant(card.cap_amount),
      fc.integer({ min: 0, max: card.cap_amount }),
      fc.integer({ min: 0, max: 12_000 }),
    ),
    currency: mostly(card.currency, fc.constantFrom('USD', 'EUR')),
    origin: mostly(card.merchant_origin, fc.constantFrom('https://shop.example', 'https://other.example')),
    purchasing_id: fc.option(mostly(card.purchasing_id, fc.constantFrom('VL-AAAA-BBBB', 'VL-CCCC-DDDD')), {
      nil: undefined,
    }),
  });

for (const kind of DB_KINDS) {
  describe.skipIf(kind === 'postgres' && !inject('pgAdminUrl'))(`card checks in SQL match checkCard [${kind}]`, () => {
    let db: Db;
    beforeAll(async () => {
      db = await openTestDb(kind);
      await migrate(db);
    });
    afterAll(() => db.close());

    async function sqlCheck(card: CardRow | undefined, p: Presented) {
      const row = card && {
        ...card,
        pan_enc: null,
        cvc_hash: null,
        valid_until: card.valid_until.toISOString(),
        created_at: card.created_at.toISOString(),
        trial_ends_at: card.trial_ends_at?.toISOString() ?? null,
      };
      const rows = await db.query<{ reason: string | null; why: string | null; wrong_try: boolean; block: boolean }>(
        `SELECT * FROM veil_check_card(jsonb_populate_record(NULL::cards, $1::jsonb), $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
          row ? JSON.stringify(row) : null,
          p.cvcMatches,
          p.exp_month,
          p.exp_year,
          p.amount,
          p.currency,
          p.origin,
          p.purchasing_id ?? null,
          NOW,
          DEFAULT_POLICY.maxWrongTries,
        ],
      );
      return rows[0]!;
    }

    it(`gives the same reason for ${RUNS} random cards and requests, and for no card`, async () => {
      const seen = new Set<string>();
      await fc.assert(
        fc.asyncProperty(
          cardArb.chain((card) =>
            fc.tuple(fc.option(fc.constant(card), { freq: 12, nil: undefined }), presentedArb(card)),
          ),
          async ([card, p]) => {
            const ts = checkCard(card, p, NOW, DEFAULT_POLICY);
            const sql = await sqlCheck(card, p);
            seen.add(ts.ok ? 'ok' : ts.reason);
            expect({ reason: sql.reason, why: sql.why, wrongTry: sql.wrong_try, block: sql.block }).toEqual(
              ts.ok
                ? { reason: null, why: null, wrongTry: false, block: false }
                : { reason: ts.reason, why: ts.why, wrongTry: ts.wrongTry === true, block: ts.block === true },
            );
          },
        ),
        { numRuns: RUNS },
      );
      // The generators reach every branch, so agreement means something.
      expect([...seen].sort()).toEqual(['14', '54', '57', '61', '62', '75', '82', 'R1', 'ok']);
    });

    it('starts recurring periods where periodStart does (UTC days, ISO weeks, months)', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.date({ min: new Date('2024-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }),
          fc.constantFrom('day', 'week', 'month'),
          async (at, period) => {
            const rows = await db.query<{ s: Date }>('SELECT veil_period_start($1, $2) AS s', [period, at]);
            expect(new Date(rows[0]!.s).toISOString()).toBe(
              periodStart(period as 'day' | 'week' | 'month', at).toISOString(),
            );
          },
        ),
        { numRuns: 200 },
      );
    });
  });
}
