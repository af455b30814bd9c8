-- Digital goods delivered sealed (docs/digital-goods.md). The provider relays ciphertext
-- by purchase: it knows who bought and from whom, never what (the shopper's extension
-- alone holds the per-purchase private key).

-- The per-purchase X25519 public key (base64url, 32 bytes) the shopper's extension made
-- for this card; the private half never leaves the extension's vault.
ALTER TABLE cards ADD COLUMN digital_public_key text CHECK (digital_public_key ~ '^[A-Za-z0-9_-]{43}$');

-- What the vendor is told once the charge is approved: {reference, public_key}, a
-- snapshot taken with the authorization (veil_validate), so a replay answers the same.
ALTER TABLE authorizations ADD COLUMN delivery jsonb;

-- One sealed file per row. The bytes live in the blob store (a directory under the data
-- dir); this row is written in the same transaction that makes the blob visible, so a
-- row always has its blob and an interrupted upload leaves neither. Rows stay after the
-- file is deleted (deleted_at), as the record of what was delivered and when.
CREATE TABLE digital_files (
  id               text PRIMARY KEY,
  authorization_id text NOT NULL REFERENCES authorizations(id),
  vendor_id        text NOT NULL REFERENCES vendors(id),
  shopper_id       text NOT NULL REFERENCES shoppers(id),
  card_id          text NOT NULL REFERENCES cards(id),
  file_name        text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
  media_type       text NOT NULL CHECK (length(media_type) BETWEEN 3 AND 100),
  size             bigint NOT NULL CHECK (size > 0),
  created_at       timestamptz NOT NULL,
  downloaded_at    timestamptz,
  deleted_at       timestamptz,
  deleted_why      text CHECK (deleted_why IN ('downloaded', 'retention')),
  CHECK ((deleted_at IS NULL) = (deleted_why IS NULL))
);
CREATE INDEX digital_files_authorization ON digital_files (authorization_id);
CREATE INDEX digital_files_shopper ON digital_files (shopper_id, created_at) WHERE deleted_at IS NULL;
CREATE INDEX digital_files_live ON digital_files (created_at) WHERE deleted_at IS NULL;
