CREATE OR REPLACE FUNCTION notify_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('veil_events', NEW.shopper_id || ' ' || NEW.id);
  RETURN NEW;
END $$;
