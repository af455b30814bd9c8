-- Every idempotent request takes this advisory lock on (vendor, key) first, so a
-- concurrent duplicate waits for the first to commit and then finds its answer.
CREATE OR REPLACE FUNCTION veil_idempotency_lock(vendor_id text, key text) RETURNS bigint
LANGUAGE sql IMMUTABLE AS $$ SELECT hashtextextended(vendor_id || E'\n' || key, 7461232) $$;
