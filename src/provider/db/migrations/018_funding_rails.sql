-- Funding rails (src/provider/funding/README.md). A top-up is a request to a rail that
-- settles or fails later; only a settlement moves money, and a reversal after one is a
-- journal too. Before this, a top-up posted its journal at once from a card number the
-- shopper typed: those are kept below as settled top-ups on the sandbox rail.

-- 1. One row per top-up; each state change is one transaction (funding/settlement.ts).
--    requested → settled | failed; settled → reversed (a chargeback or an ACH return).
CREATE DOMAIN veil_top_up_state AS text CHECK (VALUE IN ('requested', 'settled', 'failed', 'reversed'));
CREATE TABLE top_ups (
  id                text PRIMARY KEY,                        -- tu_…
  shopper_id        text NOT NULL REFERENCES shoppers(id),
  funding_source_id text REFERENCES funding_sources(id),     -- null only for money seeded by an operator script
  rail              text NOT NULL CHECK (rail ~ '^[a-z][a-z0-9_]{0,31}$'),
  amount            veil_positive_amount NOT NULL,
  currency          text NOT NULL,
  state             veil_top_up_state NOT NULL,
  rail_reference    text,                                    -- the rail's own id, once it accepted the request
  reason            text,                                    -- why it failed or was reversed, from the rail or operator
  requested_at      timestamptz NOT NULL,
  settled_at        timestamptz,
  failed_at         timestamptz,
  reversed_at       timestamptz,
  UNIQUE (rail, rail_reference),
  -- The timestamps say which transitions happened; the state is the last one.
  CHECK ((state IN ('settled', 'reversed')) = (settled_at IS NOT NULL)),
  CHECK ((state = 'failed') = (failed_at IS NOT NULL)),
  CHECK ((state = 'reversed') = (reversed_at IS NOT NULL))
);
-- Limits sum a shopper's (and a source's) top-ups over a rolling window: count first, under a lock.
CREATE INDEX top_ups_shopper ON top_ups (shopper_id, rail, requested_at);
CREATE INDEX top_ups_source ON top_ups (funding_source_id, requested_at);
CREATE TRIGGER top_ups_keep BEFORE DELETE OR TRUNCATE ON top_ups FOR EACH STATEMENT EXECUTE FUNCTION veil_refuse_delete();

-- 2. Journals name their top-up; a reversal is its own kind of journal.
ALTER TABLE journals ADD COLUMN top_up_id text;
ALTER TABLE journals DROP CONSTRAINT journals_kind_check;
ALTER TABLE journals ADD CONSTRAINT journals_kind_check CHECK (kind IN ('top_up', 'top_up_reversal', 'hold', 'capture', 'release', 'refund'));
CREATE INDEX journals_top_up ON journals (top_up_id) WHERE top_up_id IS NOT NULL;

-- 3. `debt`: what a shopper owes after a reversal of money already spent. Its balance is
--    zero or below (shopper accounts are liabilities; a debt is the opposite), and the
--    shopper's next settled top-ups pay it back first.
ALTER DOMAIN veil_account_kind DROP CONSTRAINT veil_account_kind_check;
ALTER DOMAIN veil_account_kind ADD CONSTRAINT veil_account_kind_check CHECK (VALUE IN ('available', 'held', 'funded', 'payable', 'debt'));
ALTER TABLE ledger_accounts ADD CONSTRAINT ledger_accounts_debt_check CHECK (kind <> 'debt' OR balance <= 0);

-- 4. Earlier top-ups become settled sandbox top-ups, one per journal, so the books and
--    the per-rail invariant (checkLedger) hold for ledgers written before rails.
INSERT INTO top_ups (id, shopper_id, funding_source_id, rail, amount, currency, state, rail_reference, requested_at, settled_at)
SELECT 'tu_journal_' || j.id, a.owner_id, j.funding_source_id, 'sandbox', p.amount, a.currency, 'settled', 'journal-' || j.id, j.created_at, j.created_at
FROM journals j
JOIN postings p ON p.journal_id = j.id
JOIN ledger_accounts a ON a.id = p.account_id AND a.kind = 'available'
WHERE j.kind = 'top_up';
UPDATE journals SET top_up_id = 'tu_journal_' || id WHERE kind = 'top_up';

-- 5. A shopper's contra account is per rail: owner '<shopper id>/<rail>', so money by
--    rail is visible and each rail's books balance on their own. Every earlier one is sandbox.
UPDATE ledger_accounts SET owner_id = owner_id || '/sandbox' WHERE kind = 'funded';
