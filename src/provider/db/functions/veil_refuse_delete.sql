CREATE OR REPLACE FUNCTION veil_refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% rows are never deleted (other rows refer to them)', TG_TABLE_NAME;
END $$;
