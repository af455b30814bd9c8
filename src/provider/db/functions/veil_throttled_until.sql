-- When (scope, key) has `max` hits in its current window: the window's end; else null.
CREATE OR REPLACE FUNCTION veil_throttled_until(p_scope text, p_key text, p_now timestamptz, p_max int, p_window_s int) RETURNS timestamptz
LANGUAGE plpgsql STABLE AS $$
DECLARE
  until_at timestamptz;
BEGIN
  SELECT t.window_start + make_interval(secs => p_window_s) INTO until_at FROM throttles t
  WHERE t.scope = p_scope AND t.key = p_key AND t.hits >= p_max AND t.window_start + make_interval(secs => p_window_s) > p_now;
  RETURN until_at;
END $$;
