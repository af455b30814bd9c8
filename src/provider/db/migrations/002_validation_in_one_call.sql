-- Veil provider schema, version 2: a validation in one database call, card-testing
-- and sign-in throttles, and a security log.
--
-- Why a function: a validation used to be ten statements (vendor lookup, BEGIN, card
-- lock, balance lock, inserts, updates, COMMIT), each a round trip between the
-- provider and PostgreSQL. Profiling showed those round trips (socket writes and the
-- server's per-statement work) were most of the cost. `veil_validate` does the same
-- steps, in the same lock order, as one statement that commits on its own.
--
-- The card checks are `veil_check_card`, a line-by-line copy of `checkCard` in
-- src/provider/authorizations/check-card.ts, which stays the readable specification;
-- a property test (test/provider/check-card-sql.test.ts) holds the two equal.

-- Throttles: fixed-window counters, one row per (scope, key), shared by every
-- provider process on the database. Scopes: card_testing:vendor, card_testing:address,
-- signin:email (key: a hash of the email), signin:address.
CREATE TABLE throttles (
  scope        text NOT NULL,
  key          text NOT NULL,
  window_start timestamptz NOT NULL,
  hits         int NOT NULL CHECK (hits > 0),
  PRIMARY KEY (scope, key)
);

-- The security log: card testing, wrong card secrets, blocked cards, throttling,
-- failed sign-ins. Ids and addresses only: never a card number, CVC or password.
CREATE TABLE security_events (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind             text NOT NULL,
  vendor_id        text,
  shopper_id       text,
  card_id          text,
  authorization_id text,
  client_address   text,
  reason           text,
  detail           jsonb NOT NULL DEFAULT '{}',
  created_at       timestamptz NOT NULL
);
CREATE INDEX security_events_time ON security_events (created_at);

-- Each approval updates its card row (uses) and two balance rows. Room left free in
-- each page lets PostgreSQL update them in place ("HOT"), without adding entries to
-- every index of the table; measured before this: 44 % of card and 23 % of balance
-- updates were HOT. Applies to pages written from now on.
ALTER TABLE cards SET (fillfactor = 80);
ALTER TABLE ledger_accounts SET (fillfactor = 50);

-- A validation stores its authorization row (rendered for the vendor on the way
-- out) rather than the rendered body; other requests store the body as before.
ALTER TABLE idempotency_keys ADD COLUMN response_kind text NOT NULL DEFAULT 'body' CHECK (response_kind IN ('body', 'authorization'));

-- veil_idempotency_lock: defined in src/provider/db/functions/veil_idempotency_lock.sql.

-- veil_period_start: defined in src/provider/db/functions/veil_period_start.sql.

-- veil_throttle_hit: defined in src/provider/db/functions/veil_throttle_hit.sql.

-- veil_throttled_until: defined in src/provider/db/functions/veil_throttled_until.sql.

-- veil_check_card: now defined in src/provider/db/functions/veil_check_card.sql.

-- veil_validate: now defined in src/provider/db/functions/veil_validate.sql.
