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

-- 1. One card-testing hit for a vendor key and a client address; returns the security
-- rows written (a counter that reached the limit), for the security log.
CREATE FUNCTION veil_card_testing_hit(
  p_vendor_id text, p_address text, p_authorization_id text, p_reason text, p_now timestamptz, p_max int, p_window_s int
) RETURNS jsonb LANGUAGE plpgsql SET enable_seqscan = off AS $$
DECLARE
  sec jsonb := '[]';
  one jsonb;
  hits int;
  scope_key record;
BEGIN
  -- Lasts until this transaction ends: the function's SET clause restores only enable_seqscan.
  PERFORM set_config('synchronous_commit', 'off', true);
  FOR scope_key IN SELECT * FROM (VALUES ('card_testing:vendor', p_vendor_id), ('card_testing:address', p_address)) AS s(scope, key) WHERE s.key IS NOT NULL LOOP
    hits := veil_throttle_hit(scope_key.scope, scope_key.key, p_now, p_window_s);
    IF hits = p_max THEN
      PERFORM set_config('synchronous_commit', 'on', true);
      INSERT INTO security_events (kind, vendor_id, authorization_id, client_address, reason, detail, created_at)
      VALUES ('card_testing.throttled', p_vendor_id, p_authorization_id, p_address, p_reason,
        jsonb_build_object('scope', scope_key.scope, 'limit', p_max, 'window_s', p_window_s), p_now)
      RETURNING to_jsonb(security_events) INTO one;
      sec := sec || one;
    END IF;
  END LOOP;
  RETURN sec;
END $$;

-- 1, 2. The validation (migration 002 says what each step is for): no card-testing
-- counters, the hold as a memo.
CREATE OR REPLACE FUNCTION veil_validate(
  p_key_hash bytea, p_address text, p_idem_key text, p_request_hash bytea,
  p_pan_hash bytea, p_secrets_ok boolean, p_exp_month int, p_exp_year int,
  p_amount bigint, p_currency text, p_merchant_name text, p_merchant_origin text, p_purchasing_id text,
  p_now timestamptz, p_id text, p_hold_ttl_s int, p_max_wrong_tries int, p_testing_max int, p_testing_window_s int
) RETURNS jsonb LANGUAGE plpgsql SET enable_seqscan = off AS $$
DECLARE
  v vendors%ROWTYPE;
  c cards%ROWTYPE;
  chk record;
  prior idempotency_keys%ROWTYPE;
  a authorizations%ROWTYPE;
  v_status text := 'declined';
  v_reason text;
  v_why text;
  holding boolean;
  avail_id bigint;
  held_id bigint;
  avail bigint;
  spent bigint;
  throttled_until timestamptz;
  sec jsonb := '[]';
  one jsonb;
  event_id bigint;
  notify text[] := '{}';
BEGIN
  SELECT * INTO v FROM vendors WHERE key_hash = p_key_hash AND revoked_at IS NULL;
  IF NOT FOUND THEN RETURN jsonb_build_object('outcome', 'unauthorized'); END IF;
  -- A shop cannot charge a card locked to another shop by claiming its origin.
  IF v.origin <> p_merchant_origin THEN RETURN jsonb_build_object('outcome', 'forbidden', 'vendor_origin', v.origin); END IF;

  IF p_idem_key IS NOT NULL THEN
    PERFORM pg_advisory_xact_lock(veil_idempotency_lock(v.id, p_idem_key));
    SELECT * INTO prior FROM idempotency_keys WHERE vendor_id = v.id AND key = p_idem_key;
    IF FOUND THEN
      IF prior.request_hash <> p_request_hash THEN RETURN jsonb_build_object('outcome', 'mismatch'); END IF;
      RETURN jsonb_build_object('outcome', 'replay', 'status_code', prior.status_code, 'kind', prior.response_kind, 'response', prior.response);
    END IF;
  END IF;

  -- A vendor key or address caught sweeping card data waits out its window.
  SELECT max(t.window_start) + make_interval(secs => p_testing_window_s) INTO throttled_until FROM throttles t
  WHERE (t.scope, t.key) IN (('card_testing:vendor', v.id), ('card_testing:address', p_address))
    AND t.hits >= p_testing_max AND t.window_start + make_interval(secs => p_testing_window_s) > p_now;
  IF throttled_until IS NOT NULL THEN
    RETURN jsonb_build_object('outcome', 'throttled', 'retry_after_s', ceil(extract(epoch FROM throttled_until - p_now))::int);
  END IF;

  IF p_pan_hash IS NOT NULL THEN
    SELECT * INTO c FROM cards WHERE pan_hash = p_pan_hash FOR UPDATE;
  END IF;
  -- An assignment, not SELECT … INTO: PL/pgSQL evaluates it without starting an executor.
  chk := veil_check_card(c, p_secrets_ok, p_exp_month, p_exp_year, p_amount, p_currency, p_merchant_origin, p_purchasing_id, p_now, p_max_wrong_tries);
  v_reason := chk.reason;
  v_why := chk.why;

  -- Checks that read more than the card row: recurring spend, then the balance.
  IF v_reason IS NULL AND c.period_limit IS NOT NULL AND c.period IS NOT NULL THEN
    SELECT coalesce(sum(CASE WHEN z.status = 'captured' THEN z.captured_amount - z.refunded_amount ELSE z.amount END), 0) INTO spent
    FROM authorizations z
    WHERE z.card_id = c.id AND z.created_at >= veil_period_start(c.period, p_now) AND z.status IN ('pending', 'approved', 'captured');
    IF spent + p_amount > c.period_limit THEN
      v_reason := '61'; v_why := format('%s of the %s''s limit of %s is used', spent, c.period, c.period_limit);
    END IF;
  END IF;
  -- A $0 verification moves no money, so it neither needs nor locks a balance.
  IF v_reason IS NULL AND p_amount > 0 THEN
    FOR attempt IN 1..2 LOOP
      SELECT max(l.id) FILTER (WHERE l.kind = 'available'), max(l.balance) FILTER (WHERE l.kind = 'available'), max(l.id) FILTER (WHERE l.kind = 'held')
      INTO avail_id, avail, held_id
      FROM (SELECT id, kind, balance FROM ledger_accounts
            WHERE owner_id = c.shopper_id AND currency = c.currency AND kind IN ('available', 'held') ORDER BY id FOR UPDATE) l;
      EXIT WHEN held_id IS NOT NULL AND avail_id IS NOT NULL;
      -- First charge in this currency: open the accounts, then lock them.
      INSERT INTO ledger_accounts (owner_id, kind, currency) VALUES (c.shopper_id, 'available', c.currency), (c.shopper_id, 'held', c.currency)
      ON CONFLICT (owner_id, kind, currency) DO NOTHING;
    END LOOP;
    IF avail < p_amount THEN
      v_reason := '51'; v_why := format('balance %s is below %s', avail, p_amount);
    END IF;
  END IF;
  -- Then the mode decides.
  IF v_reason IS NULL THEN
    CASE c.mode
      WHEN 'confirmation' THEN v_status := 'pending'; v_reason := 'P0'; v_why := 'waiting for the shopper to confirm';
      WHEN 'card_reader' THEN v_status := 'pending'; v_reason := 'P1'; v_why := 'waiting for the shopper''s security key';
      ELSE v_status := 'approved'; v_reason := '00'; v_why := c.mode || ' mode approves within limits';
    END CASE;
  END IF;
  holding := v_status IN ('approved', 'pending');

  INSERT INTO authorizations (id, vendor_id, card_id, shopper_id, amount, currency, merchant_name, merchant_origin, status, reason,
    held_amount, counts_use, decision_deadline, hold_expires_at, created_at, decided_at)
  VALUES (p_id, v.id, c.id, c.shopper_id, p_amount, p_currency, p_merchant_name, p_merchant_origin, v_status, v_reason,
    CASE WHEN holding THEN p_amount ELSE 0 END, holding,
    CASE WHEN v_status = 'pending' THEN p_now + make_interval(secs => c.confirm_window_s) END,
    CASE WHEN v_status = 'approved' THEN p_now + make_interval(secs => p_hold_ttl_s) END,
    p_now, CASE WHEN v_status = 'pending' THEN NULL ELSE p_now END)
  RETURNING * INTO a;

  IF c.id IS NOT NULL THEN
    IF holding AND p_amount > 0 THEN
      -- The hold, a memo: available → held, recorded by the authorization's held_amount;
      -- the CHECK on balances refuses an overdraft.
      UPDATE ledger_accounts SET balance = balance + CASE WHEN id = avail_id THEN -p_amount ELSE p_amount END WHERE id IN (avail_id, held_id);
    END IF;
    IF holding OR chk.wrong_try OR (chk.reason IS NULL AND c.wrong_tries > 0) THEN
      UPDATE cards SET uses_count = uses_count + CASE WHEN holding THEN 1 ELSE 0 END,
        wrong_tries = CASE WHEN chk.wrong_try THEN c.wrong_tries + 1 ELSE 0 END,
        state = CASE WHEN chk.block THEN 'blocked' ELSE state END,
        updated_at = p_now
      WHERE id = c.id;
    END IF;
    -- The events' NOTIFYs are sent by the provider after this commits (migration 006 says why).
    PERFORM set_config('veil.notify', 'after_commit', true);
    INSERT INTO events (shopper_id, kind, card_id, authorization_id, reason, amount, currency, merchant_origin, detail, created_at)
    VALUES (c.shopper_id, 'authorization.' || v_status, c.id, p_id, v_reason, p_amount, p_currency, p_merchant_origin,
      jsonb_build_object('merchant_name', p_merchant_name, 'why', v_why, 'mode', c.mode), p_now)
    RETURNING id INTO event_id;
    notify := notify || (c.shopper_id || ' ' || event_id);
    IF chk.block THEN
      INSERT INTO events (shopper_id, kind, card_id, authorization_id, reason, amount, currency, merchant_origin, detail, created_at)
      VALUES (c.shopper_id, 'card.blocked', c.id, p_id, '75', p_amount, p_currency, p_merchant_origin, jsonb_build_object('why', v_why), p_now)
      RETURNING id INTO event_id;
      notify := notify || (c.shopper_id || ' ' || event_id);
    END IF;
    IF chk.wrong_try THEN
      INSERT INTO security_events (kind, vendor_id, shopper_id, card_id, authorization_id, client_address, reason, detail, created_at)
      VALUES (CASE WHEN chk.block THEN 'card.blocked' ELSE 'card.wrong_secret' END, v.id, c.shopper_id, c.id, p_id, p_address, v_reason,
        jsonb_build_object('tries', c.wrong_tries + 1), p_now)
      RETURNING to_jsonb(security_events) INTO one;
      sec := sec || one;
    END IF;
  END IF;

  IF p_idem_key IS NOT NULL THEN
    INSERT INTO idempotency_keys (vendor_id, key, request_hash, status_code, response, response_kind, created_at)
    VALUES (v.id, p_idem_key, p_request_hash, 200, to_jsonb(a), 'authorization', p_now);
  END IF;
  -- Unknown cards, wrong secrets and tries on a blocked card are what a card tester
  -- produces: the caller counts them with veil_card_testing_hit once this commits.
  RETURN jsonb_build_object('outcome', 'decided', 'authorization', to_jsonb(a), 'security', sec, 'notify', to_jsonb(notify),
    'card_testing', v_reason = '14' OR v_reason = '75' OR chk.wrong_try);
END $$;
