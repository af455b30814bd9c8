-- Vendors that cannot wait (card networks give an issuer 2 to 3 seconds): a charge
-- that needs the shopper is declined at once with 1A, but stays open for the shopper
-- as a challenge. Approving it leaves a pre-approval that lets the same merchant's
-- retry, for the same amount, approve at once within 10 minutes.

ALTER TABLE authorizations ADD COLUMN challenge_state text CHECK (challenge_state IN ('open', 'approved', 'declined'));
CREATE INDEX authorizations_open_challenges ON authorizations (shopper_id) WHERE challenge_state = 'open';

CREATE TABLE pre_approvals (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  card_id          text NOT NULL REFERENCES cards(id),
  merchant_origin  text NOT NULL,
  amount           bigint NOT NULL CHECK (amount >= 0),
  currency         text NOT NULL,
  authorization_id text NOT NULL REFERENCES authorizations(id),   -- the 1A the shopper approved
  expires_at       timestamptz NOT NULL,
  used_by          text REFERENCES authorizations(id),            -- the retry it approved
  created_at       timestamptz NOT NULL
);
CREATE INDEX pre_approvals_unused ON pre_approvals (card_id) WHERE used_by IS NULL;
