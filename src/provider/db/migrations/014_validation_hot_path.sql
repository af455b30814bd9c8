-- The validation's hot path, lighter. Each change was profiled first (perf on the
-- PostgreSQL backends, pg_stat_statements, the provider's CPU profile) under
-- `npm run bench -- provider`; what each one measured is with it below.
--
-- 1. Card-testing counters off the validation's transaction (veil_card_testing_hit).
--    Every unknown card or wrong CVC/expiry (about 16 % of the bench's validations, and
--    what a tester produces) updated the same two rows, the vendor's counter and the
--    address's, and held their row locks until the validation committed, which waits
--    for its WAL flush: those validations queued one flush at a time behind each other
--    (the counter update averaged 1.18 ms against 0.05 ms for the other writes; p99 at
--    16 connections 167 ms). Now veil_validate says `card_testing: true` and the
--    provider counts the hit in a transaction of its own that commits without waiting
--    for the flush, so the locks are held for microseconds (0.05 ms a call). A counter
--    is a defence's estimate, not money: a crash may forget its last hits. The moment
--    one reaches its limit is a security event, and that transaction commits durably.
--    The card's own wrong tries and its block (code 75) stay in the validation.
--
-- 2. Holds as memos. A hold moves no money: it sets part of the shopper's balance
--    aside until the vendor captures (money moves: a journal, available → the vendor's
--    payable) or the hold ends (nothing moved). Card issuers keep authorizations as memo
--    entries beside the ledger for that reason. The authorization row records the hold
--    (held_amount, open while pending or approved); the shopper's available and held
--    balances still move together in the same transaction, under the CHECK that refuses
--    an overdraft. An approval no longer writes a journal and two postings: 3 rows, 7
--    index entries and 7 relation locks fewer. The books (checkLedger, ledger.ts): each
--    shopper's available + held equals the postings of the two; held equals what their
--    open authorizations hold. Hold journals written before this keep both sums true.
--
-- 3. One-column CHECKs as domains. PostgreSQL re-reads a table's CHECK constraints
--    from their stored text and plans them again for every INSERT or UPDATE statement
--    (a PL/pgSQL statement is a new statement each call), and tests all of them whatever
--    an UPDATE changes: a validation paid for 17, about 8 % of PostgreSQL's CPU (perf:
--    ExecConstraints, stringToNode). A domain's constraints are read once per connection
--    (the type cache), and only the columns a statement assigns are tested (measured:
--    the card update 0.07 → 0.04 ms, the authorization insert 0.15 → 0.09 ms). The rules
--    are the same; constraints over two columns stay on their tables.
--
-- 4. The card reference of authorizations without its foreign key, as migration 013
--    did for the other hot-path references: its check was a query per validation
--    (0.016 ms) that share-locked the card the validation had already locked. Cards are
--    closed, never deleted, and their ids never change: triggers refuse both;
--    checkLedger reports an authorization or event whose card is missing.

-- 3. Domains.
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

-- 4. The card reference.
ALTER TABLE authorizations DROP CONSTRAINT authorizations_card_id_fkey;
CREATE TRIGGER cards_keep BEFORE DELETE OR TRUNCATE ON cards FOR EACH STATEMENT EXECUTE FUNCTION veil_refuse_delete();
CREATE TRIGGER cards_id_fixed BEFORE UPDATE OF id ON cards FOR EACH ROW EXECUTE FUNCTION veil_refuse_id_change();

-- veil_card_testing_hit: defined in src/provider/db/functions/veil_card_testing_hit.sql.

-- veil_validate: defined in src/provider/db/functions/veil_validate.sql.
