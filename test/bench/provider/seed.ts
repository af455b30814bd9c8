/**
 * Seeds a benchmark database through the provider's own schema and keys: 10,000
 * shoppers with funded balances (one settled sandbox top-up each, so `checkLedger` holds),
 * 20 vendors, and 100,000 live cards in every state the decline codes need.
 *
 * Secrets (PAN hash, sealed PAN, CVC hash) are made in Node with `deriveKeys`, as
 * issuing makes them; rows go in as a few large `unnest` inserts and set-based SQL,
 * so seeding takes seconds, not the minutes 100,000 API calls would.
 */
import { luhnCheckDigit } from '../../../src/protocol';
import type { Db } from '../../../src/provider/db/db';
import { migrate } from '../../../src/provider/db/migrate';
import type { Keys } from '../../../src/provider/crypto/keys';
import { hashPassword } from '../../../src/provider/crypto/tokens';
import { createVendor } from '../../../src/provider/vendors/vendors';
import { printedExpiry } from '../../../src/provider/issuing/numbers';

export const SHOPPERS = 10_000;
export const CARDS = 100_000;
export const VENDORS = 20;
/** Shoppers 0…BROKE-1 have an empty balance: their cards decline 51. */
const BROKE = 300;
const RICH_BALANCE = 10_000_00;
const BIN = '499992';

/** Which decline (or approval) a card is seeded to produce. */
export type Pool = 'good' | 'recurring' | 'broke' | 'paused' | 'expired' | 'used';

export interface SeedCard {
  number: string;
  cvc: string;
  exp_month: number;
  exp_year: number;
  vendor: number;
}

export interface SeededVendor {
  key: string;
  origin: string;
  name: string;
}

export interface Seeded {
  vendors: SeededVendor[];
  pools: Record<Pool, SeedCard[]>;
  bin: string;
}

const shopperId = (k: number) => `shp_bench${String(k).padStart(8, '0')}`;
const cardId = (i: number) => `card_bench${String(i).padStart(8, '0')}`;
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
function purchasingId(i: number): string {
  let s = '';
  for (let n = i, d = 0; d < 8; d++, n = Math.floor(n / 32)) s = CROCKFORD[n % 32] + s;
  return `VL-${s.slice(0, 4)}-${s.slice(4)}`;
}

/** Card i's pool: the shopper (i mod 10,000) decides "broke", the ten-thousands digit the rest. */
function poolOf(i: number): Pool {
  if (i % SHOPPERS < BROKE) return 'broke';
  switch (Math.floor(i / SHOPPERS) % 10) {
    case 9:
      return 'paused';
    case 8:
      return 'expired';
    case 7:
      return 'used';
    case 6:
      return 'recurring';
    default:
      return 'good';
  }
}

/** A Luhn-valid number in the BIN that no seeded card has (the body starts with 9). */
export function unknownPan(rand: () => number): string {
  const body = BIN + '9' + String(Math.floor(rand() * 1e8)).padStart(8, '0');
  return body + luhnCheckDigit(body);
}

export async function seed(db: Db, keys: Keys, log: (s: string) => void): Promise<Seeded> {
  await migrate(db);
  const now = new Date();
  const t0 = performance.now();

  const vendors: SeededVendor[] = [];
  for (let v = 0; v < VENDORS; v++) {
    const origin = `https://shop-${String(v).padStart(2, '0')}.example`;
    const name = `Bench Shop ${v}`;
    const { key } = await db.tx((sql) => createVendor(sql, name, origin, now));
    vendors.push({ key, origin, name });
  }

  // One scrypt hash for every seeded shopper: sign-in is not what this measures.
  const passwordHash = await hashPassword('bench password 0123');
  await db.tx(async (sql) => {
    await sql.query(
      `INSERT INTO shoppers (id, email, password_hash, created_at)
       SELECT 'shp_bench' || lpad(k::text, 8, '0'), 'shopper' || k || '@bench.example', $1, $2 FROM generate_series(0, $3 - 1) AS k`,
      [passwordHash, now, SHOPPERS],
    );
    // Available and held per shopper, and the contra account of the sandbox rail ('<shopper>/sandbox').
    await sql.query(
      `INSERT INTO ledger_accounts (owner_id, kind, currency)
       SELECT s.id, kind, 'USD' FROM shoppers s, unnest(ARRAY['available', 'held']) AS kind WHERE s.id LIKE 'shp_bench%'
       UNION ALL SELECT s.id || '/sandbox', 'funded', 'USD' FROM shoppers s WHERE s.id LIKE 'shp_bench%'`,
    );
    // One settled sandbox top-up per funded shopper, with its journal (contra -x, available +x),
    // as a settlement posts it (src/provider/funding/settlement.ts).
    await sql.exec(`
      DO $$
      DECLARE r record; j bigint;
      BEGIN
        FOR r IN
          SELECT s.id AS shopper, f.id AS funded, a.id AS available FROM shoppers s
          JOIN ledger_accounts f ON f.owner_id = s.id || '/sandbox' AND f.kind = 'funded'
          JOIN ledger_accounts a ON a.owner_id = s.id AND a.kind = 'available'
          WHERE s.id LIKE 'shp_bench%' AND substr(s.id, 10)::int >= ${BROKE}
        LOOP
          INSERT INTO top_ups (id, shopper_id, rail, amount, currency, state, rail_reference, requested_at, settled_at)
            VALUES ('tu_' || r.shopper, r.shopper, 'sandbox', ${RICH_BALANCE}, 'USD', 'settled', 'seed-' || r.shopper, now(), now());
          INSERT INTO journals (kind, top_up_id, created_at) VALUES ('top_up', 'tu_' || r.shopper, now()) RETURNING id INTO j;
          INSERT INTO postings (journal_id, account_id, amount) VALUES (j, r.funded, -${RICH_BALANCE}), (j, r.available, ${RICH_BALANCE});
        END LOOP;
        UPDATE ledger_accounts a SET balance = p.s FROM (SELECT account_id, sum(amount) AS s FROM postings GROUP BY account_id) p WHERE p.account_id = a.id;
      END $$`);
  });
  log(`seeded ${SHOPPERS} shoppers and ${VENDORS} vendors in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const pools: Record<Pool, SeedCard[]> = { good: [], recurring: [], broke: [], paused: [], expired: [], used: [] };
  const BATCH = 5_000;
  const live = new Date(now.getTime() + 30 * 24 * 3600 * 1000);
  const lapsed = new Date(now.getTime() - 24 * 3600 * 1000);
  for (let start = 0; start < CARDS; start += BATCH) {
    const cols: Record<string, unknown[]> = {
      id: [],
      shopper: [],
      pid: [],
      pan_hash: [],
      pan_enc: [],
      cvc_hash: [],
      last4: [],
      exp_month: [],
      exp_year: [],
      mode: [],
      state: [],
      origin: [],
      uses_allowed: [],
      uses_count: [],
      period_limit: [],
      period: [],
      valid_until: [],
    };
    for (let i = start; i < Math.min(CARDS, start + BATCH); i++) {
      const pool = poolOf(i);
      const id = cardId(i);
      const body = BIN + String(i).padStart(9, '0');
      const pan = body + luhnCheckDigit(body);
      const validUntil = pool === 'expired' ? lapsed : live;
      const { exp_month, exp_year } = printedExpiry(validUntil);
      const cvc = keys.cvcFor(pan, exp_month, exp_year);
      const vendor = i % VENDORS;
      pools[pool].push({ number: pan, cvc, exp_month, exp_year, vendor });
      cols.id!.push(id);
      cols.shopper!.push(shopperId(i % SHOPPERS));
      cols.pid!.push(purchasingId(i));
      cols.pan_hash!.push(keys.panHash(pan).toString('hex'));
      cols.pan_enc!.push(keys.seal(pan, id).toString('hex'));
      cols.cvc_hash!.push(keys.cvcHash(id, cvc).toString('hex'));
      cols.last4!.push(pan.slice(-4));
      cols.exp_month!.push(exp_month);
      cols.exp_year!.push(exp_year);
      cols.mode!.push(pool === 'recurring' ? 'recurring' : 'notification');
      // Lapsed cards as the sweeper leaves them (expired), so the run measures validations, not a sweeper catching up.
      cols.state!.push(pool === 'paused' ? 'paused' : pool === 'expired' ? 'expired' : 'active');
      cols.origin!.push(vendors[vendor]!.origin);
      cols.uses_allowed!.push(pool === 'recurring' ? null : pool === 'used' ? 1 : 1000);
      cols.uses_count!.push(pool === 'used' ? 1 : 0);
      cols.period_limit!.push(pool === 'recurring' ? 1_000_000_00 : null);
      cols.period!.push(pool === 'recurring' ? 'month' : null);
      cols.valid_until!.push(validUntil.toISOString());
    }
    await db.query(
      `INSERT INTO cards (id, shopper_id, purchasing_id, pan_hash, pan_enc, cvc_hash, last4, brand, exp_month, exp_year, mode, state,
         merchant_origin, merchant_name, currency, cap_amount, uses_allowed, uses_count, period_limit, period, confirm_window_s, valid_until, created_at, updated_at)
       SELECT id, shopper, pid, decode(pan_hash, 'hex'), decode(pan_enc, 'hex'), decode(cvc_hash, 'hex'), last4, 'visa', exp_month, exp_year, mode, state,
         origin, NULL, 'USD', 50000, uses_allowed, uses_count, period_limit, period, 60, valid_until, $18, $18
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[], $9::int[], $10::text[], $11::text[],
         $12::text[], $13::int[], $14::int[], $15::bigint[], $16::text[], $17::timestamptz[])
         AS x(id, shopper, pid, pan_hash, pan_enc, cvc_hash, last4, exp_month, exp_year, mode, state, origin, uses_allowed, uses_count, period_limit, period, valid_until)`,
      [
        cols.id,
        cols.shopper,
        cols.pid,
        cols.pan_hash,
        cols.pan_enc,
        cols.cvc_hash,
        cols.last4,
        cols.exp_month,
        cols.exp_year,
        cols.mode,
        cols.state,
        cols.origin,
        cols.uses_allowed,
        cols.uses_count,
        cols.period_limit,
        cols.period,
        cols.valid_until,
        now,
      ],
    );
  }
  await db.exec('ANALYZE');
  log(`seeded ${CARDS} cards in ${((performance.now() - t0) / 1000).toFixed(1)} s total`);
  return { vendors, pools, bin: BIN };
}
