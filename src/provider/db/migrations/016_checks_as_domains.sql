-- One-column CHECK constraints of the tables a validation writes, as domains.
--
-- Why: PostgreSQL re-reads a table's CHECK constraints from their stored text and
-- plans them again for every INSERT or UPDATE statement it runs (ExecRelCheck builds
-- them per statement, and a PL/pgSQL statement is a new statement each call), and it
-- tests all of them whatever the UPDATE changes. A validation wrote to four such
-- tables and paid for 17 of them: about 8 % of PostgreSQL's CPU under load (perf:
-- ExecConstraints, stringToNode). A domain's constraints are read once per connection
-- (the type cache), and only the columns a statement assigns are tested.
--
-- The rules are the same as before; constraints over two columns stay on their tables.

CREATE DOMAIN veil_amount AS bigint CHECK (VALUE >= 0);          -- minor units
CREATE DOMAIN veil_positive_amount AS bigint CHECK (VALUE > 0);
CREATE DOMAIN veil_count AS int CHECK (VALUE >= 0);
CREATE DOMAIN veil_positive_count AS int CHECK (VALUE > 0);
CREATE DOMAIN veil_month AS int CHECK (VALUE BETWEEN 1 AND 12);
CREATE DOMAIN veil_authorization_status AS text CHECK (VALUE IN ('pending', 'approved', 'declined', 'captured', 'reversed', 'expired'));
CREATE DOMAIN veil_challenge_state AS text CHECK (VALUE IN ('open', 'approved', 'declined'));
CREATE DOMAIN veil_card_mode AS text CHECK (VALUE IN ('notification', 'confirmation', 'card_reader', 'recurring'));
CREATE DOMAIN veil_card_state AS text CHECK (VALUE IN ('active', 'paused', 'closed', 'blocked', 'expired'));
CREATE DOMAIN veil_card_period AS text CHECK (VALUE IN ('day', 'week', 'month'));
CREATE DOMAIN veil_response_kind AS text CHECK (VALUE IN ('body', 'authorization'));
CREATE DOMAIN veil_account_kind AS text CHECK (VALUE IN ('available', 'held', 'funded', 'payable'));

-- The triggers on status changes (migrations 005, 012) name the column: set aside while it changes type.
DROP TRIGGER authorizations_notify ON authorizations;
DROP TRIGGER authorizations_webhook ON authorizations;
ALTER TABLE authorizations
  DROP CONSTRAINT authorizations_amount_check,
  DROP CONSTRAINT authorizations_captured_amount_check,
  DROP CONSTRAINT authorizations_held_amount_check,
  DROP CONSTRAINT authorizations_status_check,
  DROP CONSTRAINT authorizations_challenge_state_check,
  ALTER COLUMN amount TYPE veil_amount,
  ALTER COLUMN captured_amount TYPE veil_amount,
  ALTER COLUMN held_amount TYPE veil_amount,
  ALTER COLUMN status TYPE veil_authorization_status,
  ALTER COLUMN challenge_state TYPE veil_challenge_state;
-- (authorizations_check, refunded_amount between 0 and captured_amount, stays.)
CREATE TRIGGER authorizations_notify AFTER UPDATE OF status ON authorizations
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION notify_authorization();
CREATE TRIGGER authorizations_webhook AFTER UPDATE OF status ON authorizations
  FOR EACH ROW WHEN (OLD.status = 'pending' AND NEW.status IS DISTINCT FROM 'pending') EXECUTE FUNCTION enqueue_webhook();

ALTER TABLE cards
  DROP CONSTRAINT cards_cap_amount_check,
  DROP CONSTRAINT cards_exp_month_check,
  DROP CONSTRAINT cards_mode_check,
  DROP CONSTRAINT cards_period_check,
  DROP CONSTRAINT cards_period_limit_check,
  DROP CONSTRAINT cards_state_check,
  DROP CONSTRAINT cards_uses_allowed_check,
  DROP CONSTRAINT cards_uses_count_check,
  ALTER COLUMN cap_amount TYPE veil_positive_amount,
  ALTER COLUMN exp_month TYPE veil_month,
  ALTER COLUMN mode TYPE veil_card_mode,
  ALTER COLUMN period TYPE veil_card_period,
  ALTER COLUMN period_limit TYPE veil_positive_amount,
  ALTER COLUMN state TYPE veil_card_state,
  ALTER COLUMN uses_allowed TYPE veil_positive_count,
  ALTER COLUMN uses_count TYPE veil_count;

ALTER TABLE idempotency_keys
  DROP CONSTRAINT idempotency_keys_response_kind_check,
  ALTER COLUMN response_kind TYPE veil_response_kind;

-- (ledger_accounts_check, no shopper balance below zero, stays: it is the overdraft guard.)
ALTER TABLE ledger_accounts
  DROP CONSTRAINT ledger_accounts_kind_check,
  ALTER COLUMN kind TYPE veil_account_kind;
