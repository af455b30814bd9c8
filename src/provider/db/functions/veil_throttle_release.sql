-- Gives back one slot per counter, only in the window it was taken from (a slot of an
-- ended window is already gone with it). A counter back at zero is deleted: hits > 0.
CREATE OR REPLACE FUNCTION veil_throttle_release(p_scopes text[], p_keys text[], p_window_starts timestamptz[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  FOR i IN 1..coalesce(array_length(p_scopes, 1), 0) LOOP
    UPDATE throttles SET hits = hits - 1 WHERE scope = p_scopes[i] AND key = p_keys[i] AND window_start = p_window_starts[i] AND hits > 1;
    IF NOT FOUND THEN
      DELETE FROM throttles WHERE scope = p_scopes[i] AND key = p_keys[i] AND window_start = p_window_starts[i] AND hits = 1;
    END IF;
  END LOOP;
END $$;
