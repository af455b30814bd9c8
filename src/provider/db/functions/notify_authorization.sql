CREATE OR REPLACE FUNCTION notify_authorization() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('veil_authorizations', NEW.id);
  RETURN NEW;
END $$;
