-- p_items: a JSON array with one array per validation, veil_validate's first 15
-- arguments in order (byte strings as hex): key_hash, address, idem_key, request_hash,
-- pan_hash, secrets_ok, exp_month, exp_year, amount, currency, merchant_name,
-- merchant_origin, purchasing_id, now, id. Returns veil_validate's answers in order.
--
-- A validation that holds its card-testing slots skips veil_validate's read of the
-- counters (its own slot may be the one that reached the limit): an optional 16th
-- element per item gives that item's ceiling, otherwise p_testing_max.
CREATE OR REPLACE FUNCTION veil_validate_batch(
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
      p_hold_ttl_s => p_hold_ttl_s, p_max_wrong_tries => p_max_wrong_tries,
      p_testing_max => coalesce((it->>15)::int, p_testing_max), p_testing_window_s => p_testing_window_s));
  END LOOP;
  RETURN answers;
END $$;
