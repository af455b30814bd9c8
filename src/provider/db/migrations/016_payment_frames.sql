-- Payment frames a vendor declares: the origins of the hosted payment fields its checkout
-- embeds (a payment provider's iframe). Cards issued for the vendor's origin carry them,
-- and the extension fills a cross-origin frame only when its origin is declared here or
-- on the extension's curated list of payment providers (src/protocol/payment-frames.ts).
-- Each entry is a bare origin as the CLI normalises it; the CHECK refuses anything else
-- (CHECK allows no subquery over the elements: no element may hold white space, then
-- they are joined by a newline and matched as a whole; array_to_string skips NULLs,
-- hence array_position).
ALTER TABLE vendors ADD COLUMN payment_frames text[] NOT NULL DEFAULT '{}'
  CHECK (cardinality(payment_frames) <= 10
         AND array_position(payment_frames, NULL) IS NULL
         AND array_to_string(payment_frames, '') !~ '\s'
         AND (cardinality(payment_frames) = 0
              OR array_to_string(payment_frames, E'\n') ~ '^https?://[^/\s]+(\nhttps?://[^/\s]+)*$'));

-- Cards read their merchant's declared frames by origin (issue, list, reveal).
CREATE INDEX vendors_live_origin ON vendors (origin) WHERE revoked_at IS NULL;
