-- Validations in batches: one transaction, one commit for several (group commit).
--
-- Measured with pgbench on the bench's data (8 clients, the same veil_validate calls):
-- one call per transaction 3,400–3,600 validations/s, eight per transaction 4,000–4,500.
-- What a call costs beyond its own statements is its transaction: the snapshot, the
-- commit record, waiting for the WAL flush, the round trip. The provider sends the
-- validations that arrive while others are running as one call of this function
-- (src/provider/authorizations/batcher.ts); a validation that arrives alone still goes
-- alone, through veil_validate.
--
-- Each item is exactly one veil_validate call, in order, in this one transaction: a
-- later item sees what an earlier one wrote (two vendors validating one single-use card
-- in the same batch: the first wins, the second is declined 62), as if they had run
-- one after the other.
--
-- Lock order. A lone validation locks one card, then its shopper's balances. A batch
-- holds what its earlier items locked while it takes the next ones, so two batches (or a
-- batch and a lone call) can take two shoppers in opposite orders. Rather than wait a
-- second for the deadlock detector, a batch gives up on any lock wait beyond
-- lock_timeout: everything it wrote rolls back, and the provider runs each of its items
-- again alone. A lone call waits as long as it needs and never deadlocks another lone
-- call (one card, then one shopper's accounts in id order).
--
-- p_items: a JSON array with one array per validation, veil_validate's first 15
-- arguments in order (byte strings as hex): key_hash, address, idem_key, request_hash,
-- pan_hash, secrets_ok, exp_month, exp_year, amount, currency, merchant_name,
-- merchant_origin, purchasing_id, now, id. Returns veil_validate's answers in order.
CREATE FUNCTION veil_validate_batch(
  p_items jsonb, p_hold_ttl_s int, p_max_wrong_tries int, p_testing_max int, p_testing_window_s int, p_lock_timeout_ms int
) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  it jsonb;
  answers jsonb := '[]';
BEGIN
  PERFORM set_config('lock_timeout', p_lock_timeout_ms || 'ms', true);
  FOR it IN SELECT value FROM jsonb_array_elements(p_items) WITH ORDINALITY AS e(value, n) ORDER BY n LOOP
    answers := answers || jsonb_build_array(veil_validate(
      p_key_hash => decode(it->>0, 'hex'), p_address => it->>1, p_idem_key => it->>2, p_request_hash => decode(it->>3, 'hex'),
      p_pan_hash => decode(it->>4, 'hex'), p_secrets_ok => (it->>5)::boolean, p_exp_month => (it->>6)::int, p_exp_year => (it->>7)::int,
      p_amount => (it->>8)::bigint, p_currency => it->>9, p_merchant_name => it->>10, p_merchant_origin => it->>11,
      p_purchasing_id => it->>12, p_now => (it->>13)::timestamptz, p_id => it->>14,
      p_hold_ttl_s => p_hold_ttl_s, p_max_wrong_tries => p_max_wrong_tries, p_testing_max => p_testing_max, p_testing_window_s => p_testing_window_s));
  END LOOP;
  RETURN answers;
END $$;
