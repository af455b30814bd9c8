-- p_scopes, p_keys, p_max, p_window_s: one element per counter, all taken or none.
-- Returns {"hits": [...], "window_start": [...]} (what each counter holds now, and the
-- window the slot belongs to, for release), or {"retry_after_s": n} when refused.
CREATE OR REPLACE FUNCTION veil_throttle_reserve(p_scopes text[], p_keys text[], p_max int[], p_window_s int[], p_now timestamptz) RETURNS jsonb
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
