CREATE OR REPLACE FUNCTION veil_refuse_receipt_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A receipt once given is evidence: re-signing its row must give the same bytes.
  RAISE EXCEPTION 'receipts are append-only';
END $$;
