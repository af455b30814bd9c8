-- Anonymous delivery: shoppers' real addresses (sealed), the shipping identity each
-- masked card shows shops, couriers and their look-ups.

CREATE TABLE delivery_addresses (
  id          text PRIMARY KEY,
  shopper_id  text NOT NULL REFERENCES shoppers(id),
  label       text NOT NULL,
  details_enc bytea NOT NULL,            -- AEAD-sealed JSON of the address, AAD = id
  is_default  boolean NOT NULL DEFAULT false,
  created_at  timestamptz NOT NULL,
  removed_at  timestamptz
);
CREATE INDEX delivery_addresses_shopper ON delivery_addresses (shopper_id);
CREATE UNIQUE INDEX delivery_addresses_one_default ON delivery_addresses (shopper_id) WHERE is_default AND removed_at IS NULL;

-- The forwarding identity is a snapshot taken at issue: what this shop was told stays true
-- for this purchase even if the operator's forwarding address changes later.
ALTER TABLE cards ADD COLUMN shipping jsonb;
ALTER TABLE cards ADD COLUMN delivery_address_id text REFERENCES delivery_addresses(id);

CREATE TABLE couriers (
  id         text PRIMARY KEY,
  name       text NOT NULL,
  key_hash   bytea NOT NULL UNIQUE,
  created_at timestamptz NOT NULL,
  revoked_at timestamptz
);

CREATE TABLE delivery_resolutions (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  card_id    text NOT NULL REFERENCES cards(id),
  courier_id text NOT NULL REFERENCES couriers(id),
  created_at timestamptz NOT NULL
);
CREATE INDEX delivery_resolutions_card ON delivery_resolutions (card_id);

-- Failed look-ups per courier: a courier guessing references is throttled.
CREATE TABLE courier_misses (
  courier_id text NOT NULL REFERENCES couriers(id),
  created_at timestamptz NOT NULL
);
CREATE INDEX courier_misses_recent ON courier_misses (courier_id, created_at);
