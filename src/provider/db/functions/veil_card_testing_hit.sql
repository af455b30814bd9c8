-- One card-testing hit for a vendor key and a client address; returns the security
-- rows written (a counter that reached the limit), for the security log.
CREATE OR REPLACE FUNCTION veil_card_testing_hit(
  p_vendor_id text, p_address text, p_authorization_id text, p_reason text, p_now timestamptz, p_max int, p_window_s int
) RETURNS jsonb LANGUAGE plpgsql SET enable_seqscan = off AS $$
DECLARE
  sec jsonb := '[]';
  one jsonb;
  hits int;
  scope_key record;
BEGIN
  -- Lasts until this transaction ends: the function's SET clause restores only enable_seqscan.
  PERFORM set_config('synchronous_commit', 'off', true);
  FOR scope_key IN SELECT * FROM (VALUES ('card_testing:vendor', p_vendor_id), ('card_testing:address', p_address)) AS s(scope, key) WHERE s.key IS NOT NULL LOOP
    hits := veil_throttle_hit(scope_key.scope, scope_key.key, p_now, p_window_s);
    IF hits = p_max THEN
      PERFORM set_config('synchronous_commit', 'on', true);
      INSERT INTO security_events (kind, vendor_id, authorization_id, client_address, reason, detail, created_at)
      VALUES ('card_testing.throttled', p_vendor_id, p_authorization_id, p_address, p_reason,
        jsonb_build_object('scope', scope_key.scope, 'limit', p_max, 'window_s', p_window_s), p_now)
      RETURNING to_jsonb(security_events) INTO one;
      sec := sec || one;
    END IF;
  END LOOP;
  RETURN sec;
END $$;
