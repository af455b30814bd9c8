/**
 * The database refuses values no code path should write, whatever a bug upstream
 * does: the CHECK constraints and, for single columns, the domains of migration 014.
 */
import { expect, it } from 'vitest';
import { describeEachDb } from '../support/harness';

describeEachDb('schema rules', (h) => {
  it('refuses impossible amounts, states, months, counts and kinds, and changes nothing', async () => {
    const v = await h().vendor();
    const s = await h().shopper(100_00);
    const card = await h().issue(s.token);
    const auth = await h().authorize(v, card, 10_00, { idempotencyKey: 'schema-rules' });
    const before = await h().snapshot();
    const refused: [string, unknown[]][] = [
      ['UPDATE authorizations SET amount = -1 WHERE id = $1', [auth.body.id]],
      ['UPDATE authorizations SET held_amount = -1 WHERE id = $1', [auth.body.id]],
      ["UPDATE authorizations SET status = 'settled' WHERE id = $1", [auth.body.id]],
      ["UPDATE authorizations SET challenge_state = 'maybe' WHERE id = $1", [auth.body.id]],
      ['UPDATE authorizations SET refunded_amount = captured_amount + 1 WHERE id = $1', [auth.body.id]],
      ['UPDATE cards SET exp_month = 13 WHERE id = $1', [card.id]],
      ['UPDATE cards SET cap_amount = 0 WHERE id = $1', [card.id]],
      ['UPDATE cards SET uses_count = -1 WHERE id = $1', [card.id]],
      ['UPDATE cards SET uses_allowed = 0 WHERE id = $1', [card.id]],
      ["UPDATE cards SET state = 'lost' WHERE id = $1", [card.id]],
      ["UPDATE cards SET mode = 'yolo' WHERE id = $1", [card.id]],
      ["UPDATE cards SET period = 'year' WHERE id = $1", [card.id]],
      ["UPDATE ledger_accounts SET kind = 'savings' WHERE owner_id = $1 || '/sandbox' AND kind = 'funded'", [s.id]],
      ["INSERT INTO ledger_accounts (owner_id, kind, currency, balance) VALUES ($1, 'debt', 'EUR', 1)", [s.id]],
      ["UPDATE top_ups SET state = 'pending' WHERE shopper_id = $1", [s.id]],
      ['UPDATE top_ups SET amount = 0 WHERE shopper_id = $1', [s.id]],
      ['UPDATE top_ups SET settled_at = NULL WHERE shopper_id = $1', [s.id]],
      ["UPDATE top_ups SET state = 'reversed' WHERE shopper_id = $1", [s.id]],
      ["UPDATE ledger_accounts SET balance = -1 WHERE owner_id = $1 AND kind = 'available'", [s.id]],
      ["UPDATE idempotency_keys SET response_kind = 'html' WHERE vendor_id = $1", [v.id]],
    ];
    for (const [sql, params] of refused)
      await expect(h().db.query(sql, params), sql).rejects.toThrow(/violates check constraint/);
    expect(await h().snapshot()).toEqual(before);
    expect(await h().ledgerProblems()).toEqual([]);
  });
});
