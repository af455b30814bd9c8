-- The card checks, in the order of checkCard (src/provider/authorizations/check-card.ts),
-- whose line-by-line twin this is. The merchant lock first (since migration 017): a
-- vendor the card is not locked to learns nothing about the card's state and cannot
-- spend its wrong tries: whatever CVC it sends, 57. Then a stopped card (closed, its
-- trial ended: R1, migration 024) answers before
-- its secrets are checked, and wrong secrets are counted before anything that would
-- tell a tester more. reason is null when every check passes.
CREATE OR REPLACE FUNCTION veil_check_card(
  c cards, p_secrets_ok boolean, p_exp_month int, p_exp_year int, p_amount bigint, p_currency text,
  p_origin text, p_purchasing_id text, p_now timestamptz, p_max_wrong_tries int,
  OUT reason text, OUT why text, OUT wrong_try boolean, OUT block boolean
) LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  wrong_try := false;
  block := false;
  IF c.id IS NULL THEN
    reason := '14'; why := 'no such card';
  ELSIF p_origin <> c.merchant_origin THEN
    reason := '57'; why := 'card is locked to ' || c.merchant_origin;
  ELSIF c.state = 'expired' THEN
    reason := '54'; why := 'card has expired';
  ELSIF c.state = 'closed' THEN
    reason := 'R1'; why := 'the shopper closed the card: refunds only';
  -- An ended trial answers as the sweeper will leave it (closed), swept yet or not.
  ELSIF c.trial_ends_at IS NOT NULL AND p_now >= c.trial_ends_at THEN
    reason := 'R1'; why := 'the free trial has ended: refunds only';
  ELSIF c.state = 'blocked' THEN
    reason := '75'; why := 'card is blocked after wrong CVC/expiry tries';
  ELSIF c.state <> 'active' THEN
    reason := '57'; why := 'card is ' || c.state;
  ELSIF NOT p_secrets_ok OR p_exp_month <> c.exp_month OR p_exp_year <> c.exp_year THEN
    wrong_try := true;
    block := c.wrong_tries + 1 >= p_max_wrong_tries;
    IF block THEN
      reason := '75'; why := format('wrong CVC or expiry, try %s: card blocked', c.wrong_tries + 1);
    ELSE
      reason := '82'; why := format('wrong CVC or expiry, try %s of %s', c.wrong_tries + 1, p_max_wrong_tries);
    END IF;
  ELSIF p_now >= c.valid_until THEN
    reason := '54'; why := 'card validity has ended';
  ELSIF p_purchasing_id IS NOT NULL AND p_purchasing_id <> c.purchasing_id THEN
    reason := '14'; why := 'purchasing ID does not belong to this card';
  ELSIF p_currency <> c.currency THEN
    reason := '57'; why := format('card is in %s, not %s', c.currency, p_currency);
  ELSIF p_amount > c.cap_amount THEN
    reason := '61'; why := format('amount %s is over the card''s cap of %s', p_amount, c.cap_amount);
  ELSIF c.uses_allowed IS NOT NULL AND c.uses_count >= c.uses_allowed THEN
    reason := '62'; why := format('all %s uses are spent', c.uses_allowed);
  END IF;
END $$;
