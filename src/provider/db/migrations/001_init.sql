-- Veil provider schema, version 1.
-- Ids are prefixed random strings (shp_, card_, auth_ …) made by the application.
-- Money is bigint minor units. Secrets are stored only as ciphertext (bytea) or keyed hashes.

CREATE TABLE shoppers (
  id            text PRIMARY KEY,
  email         text NOT NULL UNIQUE,
  password_hash text NOT NULL,
  currency      text NOT NULL DEFAULT 'USD',
  created_at    timestamptz NOT NULL
);

CREATE TABLE devices (
  id           text PRIMARY KEY,
  shopper_id   text NOT NULL REFERENCES shoppers(id),
  name         text NOT NULL,
  token_hash   bytea NOT NULL UNIQUE,
  created_at   timestamptz NOT NULL,
  last_seen_at timestamptz,
  revoked_at   timestamptz
);
CREATE INDEX devices_shopper ON devices (shopper_id);

CREATE TABLE vendors (
  id         text PRIMARY KEY,
  name       text NOT NULL,
  origin     text NOT NULL,
  key_hash   bytea NOT NULL UNIQUE,
  created_at timestamptz NOT NULL,
  revoked_at timestamptz
);

CREATE TABLE funding_sources (
  id          text PRIMARY KEY,
  shopper_id  text NOT NULL REFERENCES shoppers(id),
  kind        text NOT NULL CHECK (kind IN ('card', 'bank')),
  brand       text NOT NULL,
  last4       text NOT NULL CHECK (last4 ~ '^[0-9]{4}$'),
  details_enc bytea NOT NULL,           -- AEAD-sealed JSON of number/expiry/holder, AAD = id
  is_default  boolean NOT NULL DEFAULT false,
  limit_amount bigint CHECK (limit_amount > 0),
  created_at  timestamptz NOT NULL,
  removed_at  timestamptz
);
CREATE INDEX funding_sources_shopper ON funding_sources (shopper_id);
CREATE UNIQUE INDEX funding_sources_one_default ON funding_sources (shopper_id) WHERE is_default AND removed_at IS NULL;

-- Double-entry ledger. Every journal's postings sum to zero; an account's balance is the
-- sum of its postings, kept beside it in the same transaction so a check can read it
-- without summing history. Shopper 'available' and 'held' may never go below zero.
CREATE TABLE ledger_accounts (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  owner_id   text NOT NULL,              -- shopper id or vendor id
  kind       text NOT NULL CHECK (kind IN ('available', 'held', 'funded', 'payable')),
  currency   text NOT NULL,
  balance    bigint NOT NULL DEFAULT 0,
  UNIQUE (owner_id, kind, currency),
  CHECK (kind NOT IN ('available', 'held') OR balance >= 0)
);

CREATE TABLE journals (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind             text NOT NULL CHECK (kind IN ('top_up', 'hold', 'capture', 'release', 'refund')),
  authorization_id text,
  funding_source_id text,
  created_at       timestamptz NOT NULL
);
CREATE INDEX journals_authorization ON journals (authorization_id);
CREATE INDEX journals_funding ON journals (funding_source_id, created_at);

CREATE TABLE postings (
  journal_id bigint NOT NULL REFERENCES journals(id),
  account_id bigint NOT NULL REFERENCES ledger_accounts(id),
  amount     bigint NOT NULL CHECK (amount <> 0)
);
CREATE INDEX postings_account ON postings (account_id);
CREATE INDEX postings_journal ON postings (journal_id);

CREATE TABLE cards (
  id               text PRIMARY KEY,
  shopper_id       text NOT NULL REFERENCES shoppers(id),
  purchasing_id    text NOT NULL UNIQUE,
  pan_hash         bytea NOT NULL UNIQUE,   -- keyed hash: lookup without decrypting
  pan_enc          bytea NOT NULL,          -- AEAD-sealed PAN, AAD = id
  cvc_hash         bytea NOT NULL,          -- keyed hash over id + CVC; the CVC itself is never stored
  last4            text NOT NULL,
  brand            text NOT NULL,
  exp_month        int NOT NULL CHECK (exp_month BETWEEN 1 AND 12),
  exp_year         int NOT NULL,
  mode             text NOT NULL CHECK (mode IN ('notification', 'confirmation', 'card_reader', 'recurring')),
  state            text NOT NULL CHECK (state IN ('active', 'paused', 'closed', 'blocked', 'expired')),
  merchant_origin  text NOT NULL,
  merchant_name    text,
  currency         text NOT NULL,
  cap_amount       bigint NOT NULL CHECK (cap_amount > 0),
  uses_allowed     int CHECK (uses_allowed > 0),   -- null: unlimited (recurring)
  uses_count       int NOT NULL DEFAULT 0 CHECK (uses_count >= 0),
  period_limit     bigint CHECK (period_limit > 0),
  period           text CHECK (period IN ('day', 'week', 'month')),
  confirm_window_s int NOT NULL DEFAULT 60,
  wrong_tries      int NOT NULL DEFAULT 0,
  valid_until      timestamptz NOT NULL,
  created_at       timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL
);
CREATE INDEX cards_shopper ON cards (shopper_id, created_at);
CREATE INDEX cards_expiring ON cards (valid_until) WHERE state IN ('active', 'paused', 'blocked');

CREATE TABLE authorizations (
  id                text PRIMARY KEY,
  vendor_id         text NOT NULL REFERENCES vendors(id),
  card_id           text REFERENCES cards(id),     -- null when the card number was unknown
  shopper_id        text REFERENCES shoppers(id),
  amount            bigint NOT NULL CHECK (amount >= 0),
  currency          text NOT NULL,
  merchant_name     text NOT NULL,
  merchant_origin   text NOT NULL,
  status            text NOT NULL CHECK (status IN ('pending', 'approved', 'declined', 'captured', 'reversed', 'expired')),
  reason            text NOT NULL,
  held_amount       bigint NOT NULL DEFAULT 0 CHECK (held_amount >= 0),  -- what this authorization holds now
  captured_amount   bigint NOT NULL DEFAULT 0 CHECK (captured_amount >= 0),
  refunded_amount   bigint NOT NULL DEFAULT 0 CHECK (refunded_amount >= 0 AND refunded_amount <= captured_amount),
  counts_use        boolean NOT NULL DEFAULT false, -- took one of the card's uses
  decision_deadline timestamptz,
  hold_expires_at   timestamptz,
  created_at        timestamptz NOT NULL,
  decided_at        timestamptz
);
CREATE INDEX authorizations_card ON authorizations (card_id, created_at);
CREATE INDEX authorizations_shopper ON authorizations (shopper_id, created_at);
CREATE INDEX authorizations_pending ON authorizations (decision_deadline) WHERE status = 'pending';
CREATE INDEX authorizations_holds ON authorizations (hold_expires_at) WHERE status = 'approved';

CREATE TABLE refunds (
  id               text PRIMARY KEY,
  authorization_id text NOT NULL REFERENCES authorizations(id),
  amount           bigint NOT NULL CHECK (amount > 0),
  created_at       timestamptz NOT NULL
);

-- A vendor's retried request with the same key gets the first answer, once.
CREATE TABLE idempotency_keys (
  vendor_id    text NOT NULL REFERENCES vendors(id),
  key          text NOT NULL,
  request_hash bytea NOT NULL,
  status_code  int,
  response     jsonb,
  created_at   timestamptz NOT NULL,
  PRIMARY KEY (vendor_id, key)
);

-- Append-only audit trail, read by the shopper it belongs to.
CREATE TABLE events (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  shopper_id       text NOT NULL REFERENCES shoppers(id),
  kind             text NOT NULL,
  card_id          text,
  authorization_id text,
  reason           text,
  amount           bigint,
  currency         text,
  merchant_origin  text,
  detail           jsonb NOT NULL DEFAULT '{}',
  created_at       timestamptz NOT NULL
);
CREATE INDEX events_shopper ON events (shopper_id, id);

-- events_append_only: defined in src/provider/db/functions/events_append_only.sql.
CREATE TRIGGER events_no_update BEFORE UPDATE OR DELETE ON events FOR EACH ROW EXECUTE FUNCTION events_append_only();
