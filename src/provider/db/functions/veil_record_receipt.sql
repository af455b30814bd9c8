CREATE OR REPLACE FUNCTION veil_record_receipt() RETURNS trigger LANGUAGE plpgsql AS $$
-- One receipt per decision a vendor is given: the first answer (approved or declined;
-- pending is no decision), then each later change of status or reason (the shopper's
-- answer, a lapse, capture, reversal, expiry). Signed by the key active now.
BEGIN
  IF NEW.status = 'pending' THEN RETURN NEW; END IF;
  IF TG_OP = 'UPDATE' AND OLD.status = NEW.status AND OLD.reason = NEW.reason THEN RETURN NEW; END IF;
  INSERT INTO receipts (authorization_id, kid, merchant_origin, amount, currency, status, reason, purchasing_id, issued_at)
  SELECT NEW.id, k.kid, NEW.merchant_origin,
    CASE WHEN NEW.status = 'captured' THEN NEW.captured_amount ELSE NEW.amount END,
    NEW.currency, NEW.status, NEW.reason,
    (SELECT c.purchasing_id FROM cards c WHERE c.id = NEW.card_id),
    -- Stored to the millisecond: the receipt's time is ISO 8601 with milliseconds.
    date_trunc('milliseconds', now())
  FROM receipt_keys k WHERE k.retired_at IS NULL;
  RETURN NEW;
END $$;
