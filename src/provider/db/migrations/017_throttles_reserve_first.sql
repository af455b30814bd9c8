-- Throttles that reserve before the work (issue 15, items 3, 10, 12).
--
-- The old helpers read a counter, did the work (a password hash, a reference lookup,
-- a card check), then counted: 60 guesses sent at once all read "4 of 5" and were all
-- checked. Now a request takes its slot first, in one statement that increments and
-- tests together (veil_throttle_reserve): at the limit it takes nothing and is refused,
-- so at most `max` requests are ever evaluated in a window, whatever the concurrency
-- and however many provider processes share the database. An outcome that should not
-- count (a right password, a known reference, an approval) gives its slot back
-- (veil_throttle_release), in the window it was taken from.
--
-- Card testing: veil_card_testing_reserve takes the vendor key's and the address's slots
-- for a validation the provider expects to count (an unknown PAN, wrong card secrets),
-- in a transaction of its own that does not wait for the WAL flush, so the two hot
-- counter rows are locked for microseconds, never across a validation's commit
-- (migration 014 measured what that costs). veil_validate's own read of the counters
-- stays for the other validations, with a ceiling (veil_validate_batch's 16th item
-- element) that the provider raises for a validation that already holds its slots.
--
-- Scopes added to migration 002's: signup:address (sign-ups per client address) and
-- courier:unknown_reference (a courier key's misses; courier_misses stays their record).
-- Address keys group IPv6 by /64 (src/provider/security/address-key.ts).

-- p_scopes, p_keys, p_max, p_window_s: one element per counter, all taken or none.
-- Returns {"hits": [...], "window_start": [...]} (what each counter holds now, and the
-- window the slot belongs to, for release), or {"retry_after_s": n} when refused.
CREATE FUNCTION veil_throttle_reserve(p_scopes text[], p_keys text[], p_max int[], p_window_s int[], p_now timestamptz) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  n int;
  ws timestamptz;
  until_at timestamptz;
  hits int[] := '{}';
  starts timestamptz[] := '{}';
BEGIN
  FOR i IN 1..coalesce(array_length(p_scopes, 1), 0) LOOP
    INSERT INTO throttles AS t (scope, key, window_start, hits) VALUES (p_scopes[i], p_keys[i], p_now, 1)
    ON CONFLICT (scope, key) DO UPDATE SET
      hits = CASE WHEN t.window_start + make_interval(secs => p_window_s[i]) <= p_now THEN 1 ELSE t.hits + 1 END,
      window_start = CASE WHEN t.window_start + make_interval(secs => p_window_s[i]) <= p_now THEN p_now ELSE t.window_start END
    -- The test and the increment are one row update under the row's lock: no gap between them.
    WHERE t.window_start + make_interval(secs => p_window_s[i]) <= p_now OR t.hits < p_max[i]
    RETURNING t.hits, t.window_start INTO n, ws;
    IF n IS NULL THEN
      SELECT t.window_start + make_interval(secs => p_window_s[i]) INTO until_at FROM throttles t WHERE t.scope = p_scopes[i] AND t.key = p_keys[i];
      -- All or none: give back the slots taken before this one.
      PERFORM veil_throttle_release(p_scopes[1:i - 1], p_keys[1:i - 1], starts);
      RETURN jsonb_build_object('retry_after_s', greatest(1, ceil(extract(epoch FROM until_at - p_now)))::int);
    END IF;
    hits := hits || n;
    starts := starts || ws;
  END LOOP;
  RETURN jsonb_build_object('hits', to_jsonb(hits), 'window_start', to_jsonb(starts));
END $$;

-- Gives back one slot per counter, only in the window it was taken from (a slot of an
-- ended window is already gone with it). A counter back at zero is deleted: hits > 0.
CREATE FUNCTION veil_throttle_release(p_scopes text[], p_keys text[], p_window_starts timestamptz[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  FOR i IN 1..coalesce(array_length(p_scopes, 1), 0) LOOP
    UPDATE throttles SET hits = hits - 1 WHERE scope = p_scopes[i] AND key = p_keys[i] AND window_start = p_window_starts[i] AND hits > 1;
    IF NOT FOUND THEN
      DELETE FROM throttles WHERE scope = p_scopes[i] AND key = p_keys[i] AND window_start = p_window_starts[i] AND hits = 1;
    END IF;
  END LOOP;
END $$;

-- Card testing's reservation for one validation: the vendor key's slot (its id looked up
-- from the key hash: null when the key is unknown, and the validation answers 401) and
-- the address's. Commits without waiting for the WAL flush: a counter is a defence's
-- estimate, and a crash forgets at most its last hits (migration 014).
CREATE FUNCTION veil_card_testing_reserve(p_key_hash bytea, p_address text, p_now timestamptz, p_max int, p_window_s int) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  v_id text;
  scopes text[] := '{}';
  keys text[] := '{}';
BEGIN
  PERFORM set_config('synchronous_commit', 'off', true);
  SELECT id INTO v_id FROM vendors WHERE key_hash = p_key_hash AND revoked_at IS NULL;
  IF v_id IS NULL THEN RETURN NULL; END IF;
  scopes := scopes || 'card_testing:vendor'::text; keys := keys || v_id;
  IF p_address IS NOT NULL THEN scopes := scopes || 'card_testing:address'::text; keys := keys || p_address; END IF;
  RETURN veil_throttle_reserve(scopes, keys, array_fill(p_max, ARRAY[array_length(scopes, 1)]), array_fill(p_window_s, ARRAY[array_length(scopes, 1)]), p_now)
    || jsonb_build_object('vendor_id', v_id, 'scopes', to_jsonb(scopes), 'keys', to_jsonb(keys));
END $$;

-- The release, likewise without waiting for the flush.
CREATE FUNCTION veil_card_testing_release(p_scopes text[], p_keys text[], p_window_starts timestamptz[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM set_config('synchronous_commit', 'off', true);
  PERFORM veil_throttle_release(p_scopes, p_keys, p_window_starts);
END $$;

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

-- Item 12: the merchant lock first. A vendor the card is not locked to learns nothing
-- about the card's state and cannot spend its wrong tries: whatever CVC it sends, 57.
-- Only the merchant the card is locked to gets its secrets checked and counted.
-- The line-by-line twin of checkCard in src/provider/authorizations/decide.ts.
CREATE OR REPLACE FUNCTION veil_check_card(
  c cards, p_secrets_ok boolean, p_exp_month int, p_exp_year int, p_amount bigint, p_currency text,
  p_origin text, p_purchasing_id text, p_now timestamptz, p_max_wrong_tries int,
  OUT reason text, OUT why text, OUT wrong_try boolean, OUT block boolean
) LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  wrong_try := false;
  block := false;
  IF c.id IS NULL THEN
    reason := '14'; why := 'no such card';
  ELSIF p_origin <> c.merchant_origin THEN
    reason := '57'; why := 'card is locked to ' || c.merchant_origin;
  ELSIF c.state = 'blocked' THEN
    reason := '75'; why := 'card is blocked after wrong CVC/expiry tries';
  ELSIF c.state = 'expired' THEN
    reason := '54'; why := 'card has expired';
  ELSIF c.state <> 'active' THEN
    reason := '57'; why := 'card is ' || c.state;
  ELSIF NOT p_secrets_ok OR p_exp_month <> c.exp_month OR p_exp_year <> c.exp_year THEN
    wrong_try := true;
    block := c.wrong_tries + 1 >= p_max_wrong_tries;
    IF block THEN
      reason := '75'; why := format('wrong CVC or expiry, try %s: card blocked', c.wrong_tries + 1);
    ELSE
      reason := '82'; why := format('wrong CVC or expiry, try %s of %s', c.wrong_tries + 1, p_max_wrong_tries);
    END IF;
  ELSIF p_now >= c.valid_until THEN
    reason := '54'; why := 'card validity has ended';
  ELSIF p_purchasing_id IS NOT NULL AND p_purchasing_id <> c.purchasing_id THEN
    reason := '14'; why := 'purchasing ID does not belong to this card';
  ELSIF p_currency <> c.currency THEN
    reason := '57'; why := format('card is in %s, not %s', c.currency, p_currency);
  ELSIF p_amount > c.cap_amount THEN
    reason := '61'; why := format('amount %s is over the card''s cap of %s', p_amount, c.cap_amount);
  ELSIF c.uses_allowed IS NOT NULL AND c.uses_count >= c.uses_allowed THEN
    reason := '62'; why := format('all %s uses are spent', c.uses_allowed);
  END IF;
END $$;

-- Item 10: leaving card-reader mode or removing a security key needs a fresh proof of
-- the account holder: the password (throttled like sign-in) or a security-key assertion
-- on a challenge of its own purpose, which no approval can be used for.
ALTER TABLE webauthn_challenges DROP CONSTRAINT webauthn_challenges_purpose_check;
ALTER TABLE webauthn_challenges ADD CONSTRAINT webauthn_challenges_purpose_check CHECK (purpose IN ('register', 'approve', 'step_up'));
