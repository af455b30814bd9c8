/**
 * The references the validation path keeps without foreign keys (migrations 013, 014): the
 * rows they point at can be neither deleted nor renumbered, and the ledger check
 * reports any row that points nowhere.
 */
import { afterEach, expect, it } from 'vitest';
import { describeEachDb } from '../support/harness';
import { checkLedger } from '../../src/provider/ledger/ledger';

describeEachDb('references without foreign keys', (h) => {
  afterEach(async () => {
    expect(await h().ledgerProblems()).toEqual([]);
  });

  it('refuses to delete, truncate or renumber vendors, shoppers, cards, ledger accounts and journals', async () => {
    const vendor = await h().vendor();
    const s = await h().shopper(50_00);
    const card = await h().issue(s.token);
    expect((await h().authorize(vendor, card, 10_00)).body.status).toBe('approved');
    const before = await h().snapshot();
    for (const table of ['vendors', 'shoppers', 'cards', 'ledger_accounts', 'journals']) {
      await expect(h().db.query(`DELETE FROM ${table}`), table).rejects.toThrow(/never deleted/);
      await expect(h().db.exec(`TRUNCATE ${table} CASCADE`), table).rejects.toThrow(/never deleted/);
    }
    await expect(h().db.query("UPDATE vendors SET id = 'ven_other' WHERE id = $1", [vendor.id])).rejects.toThrow(
      /ids never change/,
    );
    await expect(h().db.query("UPDATE shoppers SET id = 'shp_other' WHERE id = $1", [s.id])).rejects.toThrow(
      /ids never change/,
    );
    await expect(h().db.query("UPDATE cards SET id = 'card_other' WHERE id = $1", [card.id])).rejects.toThrow(
      /ids never change/,
    );
    // Identity columns (GENERATED ALWAYS): PostgreSQL itself refuses.
    await expect(
      h().db.query('UPDATE ledger_accounts SET id = id + 1000000 WHERE owner_id = $1', [s.id]),
    ).rejects.toThrow(/can only be updated to DEFAULT/);
    await expect(h().db.query('UPDATE journals SET id = id + 1000000')).rejects.toThrow(
      /can only be updated to DEFAULT/,
    );
    // Everything else about those rows may still change: a vendor is revoked, not deleted.
    await h().db.query('UPDATE vendors SET revoked_at = now() WHERE id = $1', [vendor.id]);
    expect(await h().snapshot()).toEqual(before);
  });

  it('reports a posting, authorization, event or stored answer that points nowhere', async () => {
    const vendor = await h().vendor();
    const s = await h().shopper(50_00);
    const card = await h().issue(s.token);
    const auth = await h().authorize(vendor, card, 10_00);
    expect(auth.body.status).toBe('approved');
    const found = await h().rolledBack(async (sql) => {
      // A balanced pair of postings into a journal and an account that do not exist.
      await sql.query('INSERT INTO postings (journal_id, account_id, amount) VALUES (-1, -2, 5), (-1, -2, -5)');
      await sql.query(
        "UPDATE authorizations SET vendor_id = 'ven_gone', shopper_id = 'shp_gone', card_id = 'card_gone' WHERE id = $1",
        [auth.body.id],
      );
      await sql.query(
        "INSERT INTO events (shopper_id, kind, card_id, created_at) VALUES ('shp_gone', 'card.issued', 'card_gone', now())",
      );
      await sql.query(
        "INSERT INTO idempotency_keys (vendor_id, key, request_hash, created_at) VALUES ('ven_gone', 'k', '\\x00', now())",
      );
      return checkLedger(sql);
    });
    expect(found).toEqual(
      expect.arrayContaining([
        '2 postings without their journal',
        '2 postings without their account',
        '1 authorizations without their vendor',
        '1 authorizations without their shopper',
        '1 authorizations without their card',
        '1 events without their shopper',
        '1 events without their card',
        '1 stored answers without their vendor',
      ]),
    );
  });
});
