-- Signed receipts (issue 20): every decision a vendor is given is recorded as a receipt
-- row in the same transaction that makes it, by triggers on authorizations and refunds,
-- so no code path that changes a status can forget one. The provider signs the row
-- (Ed25519, compact JWS) when it answers; the claims are stored column by column and
-- signing is deterministic, so a receipt read again later is byte-identical to the one
-- the vendor got.

-- Receipt signing keys, by kid. The private key is derived from the master key and the
-- kid (crypto/keys.ts): no private key is stored. One key is active (retired_at NULL);
-- rotation retires it and adds another in one transaction. Retired keys stay published
-- at /.well-known/veil-receipts.json forever: a receipt is evidence in disputes that
-- come long after the sale (chargebacks up to 540 days), and a public key costs nothing.
CREATE TABLE receipt_keys (
  kid        text PRIMARY KEY,
  created_at timestamptz NOT NULL,
  retired_at timestamptz
);
CREATE UNIQUE INDEX receipt_keys_one_active ON receipt_keys ((true)) WHERE retired_at IS NULL;
INSERT INTO receipt_keys (kid, created_at) VALUES ('rk_' || replace(gen_random_uuid()::text, '-', ''), now());

CREATE TABLE receipts (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  authorization_id text NOT NULL REFERENCES authorizations(id),
  refund_id        text REFERENCES refunds(id),
  kid              text NOT NULL REFERENCES receipt_keys(kid),
  merchant_origin  text NOT NULL,
  amount           bigint NOT NULL CHECK (amount >= 0),
  currency         text NOT NULL,
  status           text NOT NULL CHECK (status IN ('approved', 'declined', 'captured', 'reversed', 'expired', 'refunded')),
  reason           text NOT NULL,
  purchasing_id    text,                    -- the card's reference, never its number
  issued_at        timestamptz NOT NULL
);
CREATE INDEX receipts_authorization ON receipts (authorization_id, id);
CREATE UNIQUE INDEX receipts_refund ON receipts (refund_id) WHERE refund_id IS NOT NULL;
CREATE TRIGGER receipts_append_only BEFORE UPDATE OR DELETE ON receipts
  FOR EACH ROW EXECUTE FUNCTION veil_refuse_receipt_change();

-- veil_record_receipt / veil_record_refund_receipt: src/provider/db/functions/.
CREATE TRIGGER authorizations_receipt AFTER INSERT OR UPDATE OF status, reason ON authorizations
  FOR EACH ROW EXECUTE FUNCTION veil_record_receipt();
CREATE TRIGGER refunds_receipt AFTER INSERT ON refunds
  FOR EACH ROW EXECUTE FUNCTION veil_record_refund_receipt();
