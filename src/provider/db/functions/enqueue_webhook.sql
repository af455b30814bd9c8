CREATE OR REPLACE FUNCTION enqueue_webhook() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO webhook_deliveries (vendor_id, authorization_id, next_attempt_at, created_at)
  SELECT NEW.vendor_id, NEW.id, clock_timestamp(), clock_timestamp() FROM vendors v WHERE v.id = NEW.vendor_id AND v.webhook_url IS NOT NULL;
  RETURN NEW;
END $$;
