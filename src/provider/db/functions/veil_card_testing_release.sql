-- Gives back veil_card_testing_reserve's slots; like the reservation, commits without
-- waiting for the WAL flush.
CREATE OR REPLACE FUNCTION veil_card_testing_release(p_scopes text[], p_keys text[], p_window_starts timestamptz[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM set_config('synchronous_commit', 'off', true);
  PERFORM veil_throttle_release(p_scopes, p_keys, p_window_starts);
END $$;
