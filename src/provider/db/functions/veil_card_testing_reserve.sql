-- Card testing's reservation for one validation: the vendor key's slot (its id looked up
-- from the key hash: null when the key is unknown, and the validation answers 401) and
-- the address's. Commits without waiting for the WAL flush: a counter is a defence's
-- estimate, and a crash forgets at most its last hits (migration 014).
CREATE OR REPLACE FUNCTION veil_card_testing_reserve(p_key_hash bytea, p_address text, p_now timestamptz, p_max int, p_window_s int) RETURNS jsonb
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
