CREATE OR REPLACE FUNCTION veil_refuse_id_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.id IS DISTINCT FROM OLD.id THEN
    RAISE EXCEPTION '% ids never change (other rows refer to them)', TG_TABLE_NAME;
  END IF;
  RETURN NEW;
END $$;
