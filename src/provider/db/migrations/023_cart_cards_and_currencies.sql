-- Cards bound to the cart, balances per currency, and opt-in conversion (issue 19).
--
-- The cart: what the shopper saw at checkout when the card was issued (amount in minor
-- units of its currency). It is a record, not a limit: the cap limits, the cart is shown
-- next to what was charged so the shopper and the vendor see the difference.
ALTER TABLE cards
  ADD COLUMN cart_amount bigint CHECK (cart_amount > 0),
  ADD COLUMN cart_currency text CHECK (cart_currency ~ '^[A-Z]{3}$'),
  -- Conversion, chosen by the shopper at issue: the card (in `currency`) draws on the
  -- balance in `funding_currency` at `fx_rate` (funding major units per card major unit),
  -- the operator's rate locked when the card was issued, for the card's whole life.
  -- `fx_minor_rate` is the same rate per minor unit (rate × 10^(funding exponent − card
  -- exponent), worked out at issue from src/protocol/currencies.ts, so the exponents
  -- have one home): what a charge converts with, floor(amount × fx_minor_rate), exact
  -- in numeric.
  ADD COLUMN funding_currency text CHECK (funding_currency ~ '^[A-Z]{3}$'),
  ADD COLUMN fx_rate numeric CHECK (fx_rate > 0),
  ADD COLUMN fx_minor_rate numeric CHECK (fx_minor_rate > 0),
  ADD CONSTRAINT cards_cart_whole CHECK ((cart_amount IS NULL) = (cart_currency IS NULL)),
  ADD CONSTRAINT cards_fx_whole CHECK ((funding_currency IS NULL) = (fx_rate IS NULL)
    AND (fx_rate IS NULL) = (fx_minor_rate IS NULL) AND funding_currency IS DISTINCT FROM currency);

-- Copied from the card when validated, so an authorization settles (and its held_amount,
-- in the funding currency, is checked) without reading the card again.
ALTER TABLE authorizations
  ADD COLUMN cart_amount bigint,
  ADD COLUMN cart_currency text,
  ADD COLUMN funding_currency text,
  ADD COLUMN fx_minor_rate numeric,
  ADD CONSTRAINT authorizations_fx_whole CHECK ((funding_currency IS NULL) = (fx_minor_rate IS NULL));

-- The provider's conversion position, one account per currency: a converted capture
-- moves the shopper's money into it in one currency and out of it to the vendor in the
-- other, so every journal balances per currency.
ALTER DOMAIN veil_account_kind DROP CONSTRAINT veil_account_kind_check;
ALTER DOMAIN veil_account_kind ADD CONSTRAINT veil_account_kind_check CHECK (VALUE IN ('available', 'held', 'funded', 'payable', 'debt', 'fx'));

-- The operator's rates: one per direction (base → quote: 1 base = rate quote). No
-- inverse is derived: a decimal's inverse is not exact, and the operator may price the
-- two directions differently.
CREATE TABLE fx_rates (
  base     text NOT NULL CHECK (base ~ '^[A-Z]{3}$'),
  quote    text NOT NULL CHECK (quote ~ '^[A-Z]{3}$'),
  rate     numeric NOT NULL CHECK (scale(rate) <= 10) CHECK (rate > 0),
  set_at   timestamptz NOT NULL,
  PRIMARY KEY (base, quote),
  CHECK (base <> quote)
);

-- Every change to a rate, append-only: who set what, when, and what it replaced.
CREATE TABLE fx_rate_changes (
  id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  base      text NOT NULL,
  quote     text NOT NULL,
  old_rate  numeric,
  new_rate  numeric,
  set_by    text NOT NULL CHECK (length(set_by) BETWEEN 1 AND 200),
  set_at    timestamptz NOT NULL
);
CREATE TRIGGER fx_rate_changes_append_only BEFORE UPDATE OR DELETE ON fx_rate_changes
  FOR EACH ROW EXECUTE FUNCTION events_append_only();
