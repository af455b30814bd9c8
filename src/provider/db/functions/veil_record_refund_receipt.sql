CREATE OR REPLACE FUNCTION veil_record_refund_receipt() RETURNS trigger LANGUAGE plpgsql AS $$
-- A refund's receipt: the refunded amount, status "refunded", signed by the key active now.
BEGIN
  INSERT INTO receipts (authorization_id, refund_id, kid, merchant_origin, amount, currency, status, reason, purchasing_id, issued_at)
  SELECT a.id, NEW.id, k.kid, a.merchant_origin, NEW.amount, a.currency, 'refunded', '00',
    (SELECT c.purchasing_id FROM cards c WHERE c.id = a.card_id), date_trunc('milliseconds', now())
  FROM authorizations a, receipt_keys k WHERE a.id = NEW.authorization_id AND k.retired_at IS NULL;
  RETURN NEW;
END $$;
