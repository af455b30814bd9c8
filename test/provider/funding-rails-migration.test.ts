/**
 * Migration 018 on a ledger written before funding rails: each earlier top-up journal
 * becomes a settled sandbox top-up, the contra accounts become sandbox rail positions,
 * and checkLedger holds, including after money was spent.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { DB_KINDS, openTestDb } from '../support/harness';
import type { Db } from '../../src/provider/db/db';
import { migrate } from '../../src/provider/db/migrate';
import { checkLedger } from '../../src/provider/ledger/ledger';
import { fundingStatus } from '../../src/provider/funding/top-ups';
import { Rails } from '../../src/provider/funding/rails';
import { sandboxRail } from '../../src/provider/funding/sandbox';

const RAILS = 18;

/** What the old top-up wrote: funded -x, available +x, one journal naming the source; then a capture of part of it. */
async function oldLedger(db: Db, shopper: string, topUps: number[], spent: number): Promise<void> {
  await db.tx(async (sql) => {
    const at = new Date();
    await sql.query(
      "INSERT INTO shoppers (id, email, password_hash, created_at) VALUES ($1, $1 || '@example.com', 'x', $2)",
      [shopper, at],
    );
    await sql.query(
      "INSERT INTO funding_sources (id, shopper_id, kind, brand, last4, details_enc, is_default, created_at) VALUES ($1, $2, 'card', 'visa', '4242', $3, true, $4)",
      [`fs_${shopper}`, shopper, randomBytes(40), at],
    );
    const ids: Record<string, number> = {};
    for (const kind of ['available', 'held', 'funded']) {
      ids[kind] = (
        await sql.query<{ id: number }>(
          "INSERT INTO ledger_accounts (owner_id, kind, currency) VALUES ($1, $2, 'USD') RETURNING id",
          [shopper, kind],
        )
      )[0]!.id;
    }
    const vendorPayable = (
      await sql.query<{ id: number }>(
        "INSERT INTO ledger_accounts (owner_id, kind, currency) VALUES ($1, 'payable', 'USD') RETURNING id",
        [`ven_${shopper}`],
      )
    )[0]!.id;
    const post = async (kind: string, moves: [number, number][], source: string | null) => {
      const j = (
        await sql.query<{ id: number }>(
          'INSERT INTO journals (kind, funding_source_id, created_at) VALUES ($1, $2, $3) RETURNING id',
          [kind, source, at],
        )
      )[0]!.id;
      for (const [account, amount] of moves) {
        await sql.query('INSERT INTO postings (journal_id, account_id, amount) VALUES ($1, $2, $3)', [
          j,
          account,
          amount,
        ]);
        await sql.query('UPDATE ledger_accounts SET balance = balance + $2 WHERE id = $1', [account, amount]);
      }
    };
    for (const x of topUps)
      await post(
        'top_up',
        [
          [ids.funded!, -x],
          [ids.available!, x],
        ],
        `fs_${shopper}`,
      );
    if (spent > 0)
      await post(
        'capture',
        [
          [ids.available!, -spent],
          [vendorPayable, spent],
        ],
        null,
      );
  });
}

for (const kind of DB_KINDS) {
  describe.skipIf(kind === 'postgres' && !inject('pgAdminUrl'))(`migration 018 on an earlier ledger [${kind}]`, () => {
    let db: Db;
    beforeAll(async () => {
      db = await openTestDb(kind);
      await migrate(db, { through: RAILS - 1 }); // the schema as it was before migration 018
      await oldLedger(db, 'shp_old_one', [100_00, 250_00], 120_00);
      await oldLedger(db, 'shp_old_two', [5_000_00], 0);
      await migrate(db);
    });
    afterAll(() => db.close());

    it('keeps the books valid, with earlier top-ups as settled sandbox top-ups', async () => {
      expect(await checkLedger(db)).toEqual([]);
      const rows = await db.query<{
        shopper_id: string;
        rail: string;
        amount: number;
        state: string;
        funding_source_id: string;
      }>('SELECT shopper_id, rail, amount, state, funding_source_id FROM top_ups ORDER BY shopper_id, amount');
      expect(rows).toEqual([
        {
          shopper_id: 'shp_old_one',
          rail: 'sandbox',
          amount: 100_00,
          state: 'settled',
          funding_source_id: 'fs_shp_old_one',
        },
        {
          shopper_id: 'shp_old_one',
          rail: 'sandbox',
          amount: 250_00,
          state: 'settled',
          funding_source_id: 'fs_shp_old_one',
        },
        {
          shopper_id: 'shp_old_two',
          rail: 'sandbox',
          amount: 5_000_00,
          state: 'settled',
          funding_source_id: 'fs_shp_old_two',
        },
      ]);
      const contra = await db.query<{ owner_id: string; balance: number }>(
        "SELECT owner_id, balance FROM ledger_accounts WHERE kind = 'funded' ORDER BY owner_id",
      );
      expect(contra).toEqual([
        { owner_id: 'shp_old_one/sandbox', balance: -350_00 },
        { owner_id: 'shp_old_two/sandbox', balance: -5_000_00 },
      ]);
      const rails = new Rails([sandboxRail(() => undefined)]);
      expect(await fundingStatus({ db, rails }, 'shp_old_one', 'USD')).toEqual({
        pending: 0,
        owed: 0,
        test_money: true,
      });
    });

    it('checkLedger sees a contra account that no longer matches its rail', async () => {
      await db.query("UPDATE ledger_accounts SET balance = balance + 1 WHERE owner_id = 'shp_old_two/sandbox'");
      await db.query("UPDATE ledger_accounts SET balance = balance - 1 WHERE owner_id = 'shp_old_one/sandbox'");
      const problems = await checkLedger(db);
      expect(problems).toContain(
        'rail position shp_old_two/sandbox USD: balance -499999 but its settled top-ups make -500000',
      );
      await db.query("UPDATE ledger_accounts SET balance = balance - 1 WHERE owner_id = 'shp_old_two/sandbox'");
      await db.query("UPDATE ledger_accounts SET balance = balance + 1 WHERE owner_id = 'shp_old_one/sandbox'");
      expect(await checkLedger(db)).toEqual([]);
    });
  });
}
