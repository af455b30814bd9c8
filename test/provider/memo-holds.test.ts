/**
 * Holds are memos (migration 014): placing or ending one moves no money, so it writes
 * no journal; the authorization row records it and the shopper's available and held
 * balances move together. A capture is the money moving: one journal, available → the
 * vendor's payable. The ledger check holds the books to that, and to holds written as
 * journals before the change.
 */
import { expect, it } from 'vitest';
import { describeEachDb } from '../support/harness';

describeEachDb('holds as memos', (h) => {
  const journals = (authorizationId: string) =>
    h().db.query<{ kind: string; moves: string }>(
      `SELECT j.kind, string_agg(a.kind || ' ' || p.amount, ', ' ORDER BY p.amount) AS moves
       FROM journals j JOIN postings p ON p.journal_id = j.id JOIN ledger_accounts a ON a.id = p.account_id
       WHERE j.authorization_id = $1 GROUP BY j.id, j.kind ORDER BY j.id`,
      [authorizationId],
    );

  it('an approval sets money aside without a journal; its capture is the one journal', async () => {
    const v = await h().vendor();
    const s = await h().shopper(100_00);
    const card = await h().issue(s.token);
    const auth = await h().authorize(v, card, 40_00);
    expect(auth.body.status).toBe('approved');
    expect(await journals(auth.body.id)).toEqual([]);
    expect(await h().me(s.token)).toMatchObject({ balance: 60_00, held: 40_00 });
    expect(await h().ledgerProblems()).toEqual([]);

    await h().request('POST', `/v1/authorizations/${auth.body.id}/capture`, { token: v.key, body: { amount: 30_00 } });
    expect(await journals(auth.body.id)).toEqual([{ kind: 'capture', moves: 'available -3000, payable 3000' }]);
    expect(await h().me(s.token)).toMatchObject({ balance: 70_00, held: 0 });
    expect(await h().ledgerProblems()).toEqual([]);
  });

  it('a reversed hold leaves no journal at all', async () => {
    const v = await h().vendor();
    const s = await h().shopper(100_00);
    const card = await h().issue(s.token);
    const auth = await h().authorize(v, card, 25_00);
    expect(
      (await h().request('POST', `/v1/authorizations/${auth.body.id}/reverse`, { token: v.key, body: {} })).body,
    ).toMatchObject({ status: 'reversed' });
    expect(await journals(auth.body.id)).toEqual([]);
    expect(await h().me(s.token)).toMatchObject({ balance: 100_00, held: 0 });
    expect(await h().ledgerProblems()).toEqual([]);
  });

  it('reports balances the postings and open holds do not account for', async () => {
    const s = await h().shopper(100_00);
    // Money set aside with no authorization holding it: available + held no longer match the postings either.
    await h().db.query("UPDATE ledger_accounts SET balance = balance + 500 WHERE owner_id = $1 AND kind = 'held'", [
      s.id,
    ]);
    expect(await h().ledgerProblems()).toEqual([
      `shopper ${s.id} USD: balance 10500 but postings sum to 10000`,
      `shopper ${s.id} holds 500 USD but open authorizations claim 0`,
    ]);
    // Moved from available instead: the sum is right, the hold is not.
    await h().db.query(
      "UPDATE ledger_accounts SET balance = balance - 500 WHERE owner_id = $1 AND kind = 'available'",
      [s.id],
    );
    expect(await h().ledgerProblems()).toEqual([`shopper ${s.id} holds 500 USD but open authorizations claim 0`]);
    await h().db.query(
      "UPDATE ledger_accounts SET balance = balance + 500 WHERE owner_id = $1 AND kind = 'available'",
      [s.id],
    );
    await h().db.query("UPDATE ledger_accounts SET balance = balance - 500 WHERE owner_id = $1 AND kind = 'held'", [
      s.id,
    ]);
    expect(await h().ledgerProblems()).toEqual([]);
  });

  it('a hold written as a journal before the change still closes with clean books', async () => {
    const v = await h().vendor();
    const s = await h().shopper(100_00);
    const card = await h().issue(s.token);
    const auth = await h().authorize(v, card, 40_00);
    // Rewrite this hold the way veil_validate wrote it before migration 014: a 'hold' journal, available → held.
    await h().db.query(
      `WITH j AS (INSERT INTO journals (kind, authorization_id, created_at) VALUES ('hold', $1, now()) RETURNING id)
       INSERT INTO postings (journal_id, account_id, amount)
       SELECT j.id, a.id, CASE a.kind WHEN 'available' THEN -$3::bigint ELSE $3::bigint END
       FROM j, ledger_accounts a WHERE a.owner_id = $2 AND a.kind IN ('available', 'held')`,
      [auth.body.id, s.id, 40_00],
    );
    expect(await h().ledgerProblems()).toEqual([]);
    await h().request('POST', `/v1/authorizations/${auth.body.id}/capture`, { token: v.key, body: { amount: 10_00 } });
    expect(await h().me(s.token)).toMatchObject({ balance: 90_00, held: 0 });
    expect(await h().ledgerProblems()).toEqual([]);
  });
});
