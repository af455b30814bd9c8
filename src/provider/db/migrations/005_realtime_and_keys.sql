-- Real-time delivery and security keys.
--
-- NOTIFY from triggers: a change committed by any provider process reaches every
-- process on the same database (the shopper's open stream, a vendor's long-poll).
-- Payloads carry ids only; listeners read the row, so nothing secret rides on NOTIFY.

-- notify_event: defined in src/provider/db/functions/notify_event.sql.
CREATE TRIGGER events_notify AFTER INSERT ON events FOR EACH ROW EXECUTE FUNCTION notify_event();

-- notify_authorization: defined in src/provider/db/functions/notify_authorization.sql.
CREATE TRIGGER authorizations_notify AFTER UPDATE OF status ON authorizations
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION notify_authorization();

-- WebAuthn credentials (card-reader mode): public keys only.
CREATE TABLE webauthn_credentials (
  id           text PRIMARY KEY,           -- credential id, base64url
  shopper_id   text NOT NULL REFERENCES shoppers(id),
  public_key   bytea NOT NULL,
  counter      bigint NOT NULL DEFAULT 0,
  transports   text NOT NULL DEFAULT '',
  rp_id        text NOT NULL,
  origin       text NOT NULL,
  name         text NOT NULL,
  created_at   timestamptz NOT NULL,
  last_used_at timestamptz
);
CREATE INDEX webauthn_credentials_shopper ON webauthn_credentials (shopper_id);

-- One-time WebAuthn challenges. An approval challenge is bound to one authorization:
-- it is the hash of a nonce with the authorization id, merchant, amount and currency.
CREATE TABLE webauthn_challenges (
  id               text PRIMARY KEY,
  shopper_id       text NOT NULL REFERENCES shoppers(id),
  purpose          text NOT NULL CHECK (purpose IN ('register', 'approve')),
  nonce            bytea NOT NULL,
  challenge        text NOT NULL,
  authorization_id text REFERENCES authorizations(id),
  rp_id            text NOT NULL,
  origin           text NOT NULL,
  key_name         text,                   -- register: the name the shopper gave the key
  expires_at       timestamptz NOT NULL,
  used_at          timestamptz
);
