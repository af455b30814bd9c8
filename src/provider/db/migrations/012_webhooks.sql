-- Signed webhooks: when a pending authorization is decided (by the shopper, or by no
-- answer in time), vendors with a webhook URL get a signed POST. The outbox row is
-- written by the same transaction that decides, so a decision is never lost between
-- commit and delivery; any provider process may deliver it (SKIP LOCKED).

ALTER TABLE vendors ADD COLUMN webhook_url text;
ALTER TABLE vendors ADD COLUMN webhook_secret_enc bytea;  -- AEAD-sealed, AAD = vendor id: it must be read to sign

CREATE TABLE webhook_deliveries (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  vendor_id        text NOT NULL REFERENCES vendors(id),
  authorization_id text NOT NULL REFERENCES authorizations(id),
  attempts         int NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL,
  delivered_at     timestamptz,
  last_error       text,
  created_at       timestamptz NOT NULL
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE delivered_at IS NULL;

-- enqueue_webhook: defined in src/provider/db/functions/enqueue_webhook.sql.
CREATE TRIGGER authorizations_webhook AFTER UPDATE OF status ON authorizations
  FOR EACH ROW WHEN (OLD.status = 'pending' AND NEW.status IS DISTINCT FROM 'pending') EXECUTE FUNCTION enqueue_webhook();
