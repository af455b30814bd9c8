-- Counts one hit for (scope, key) in a window of `window_s` seconds; returns the hits so far.
-- (PL/pgSQL rather than SQL: its plans are cached per connection instead of made per call.)
CREATE OR REPLACE FUNCTION veil_throttle_hit(p_scope text, p_key text, p_now timestamptz, p_window_s int) RETURNS int
LANGUAGE plpgsql AS $$
DECLARE
  n int;
BEGIN
  INSERT INTO throttles AS t (scope, key, window_start, hits) VALUES (p_scope, p_key, p_now, 1)
  ON CONFLICT (scope, key) DO UPDATE SET
    hits = CASE WHEN t.window_start + make_interval(secs => p_window_s) <= p_now THEN 1 ELSE t.hits + 1 END,
    window_start = CASE WHEN t.window_start + make_interval(secs => p_window_s) <= p_now THEN p_now ELSE t.window_start END
  RETURNING t.hits INTO n;
  RETURN n;
END $$;
