-- Free trials (issue 20): a card may be marked as a trial that ends at a moment. From
-- then on it is refund-only, like a card the shopper closed: new charges are declined
-- R1, refunds of its earlier captures still land. The validation judges each charge by
-- its own time against trial_ends_at (veil_check_card), so the answer is exact whether
-- or not the sweeper has closed the card yet; the sweeper then records the end
-- (state 'closed', event card.trial_ended) for everyone who reads the card.
ALTER TABLE cards ADD COLUMN trial_ends_at timestamptz;

-- The sweeper's lookup: only cards with a trial still open, so the index stays small.
CREATE INDEX cards_trial_due ON cards (trial_ends_at) WHERE trial_ends_at IS NOT NULL AND state IN ('active', 'paused', 'blocked');
