-- Throttles that reserve before the work (issue 15, items 3, 10, 12).
--
-- The old helpers read a counter, did the work (a password hash, a reference lookup,
-- a card check), then counted: 60 guesses sent at once all read "4 of 5" and were all
-- checked. Now a request takes its slot first, in one statement that increments and
-- tests together (veil_throttle_reserve): at the limit it takes nothing and is refused,
-- so at most `max` requests are ever evaluated in a window, whatever the concurrency
-- and however many provider processes share the database. An outcome that should not
-- count (a right password, a known reference, an approval) gives its slot back
-- (veil_throttle_release), in the window it was taken from.
--
-- Card testing: veil_card_testing_reserve takes the vendor key's and the address's slots
-- for a validation the provider expects to count (an unknown PAN, wrong card secrets),
-- in a transaction of its own that does not wait for the WAL flush, so the two hot
-- counter rows are locked for microseconds, never across a validation's commit
-- (migration 014 measured what that costs). veil_validate's own read of the counters
-- stays for the other validations, with a ceiling (veil_validate_batch's 16th item
-- element) that the provider raises for a validation that already holds its slots.
--
-- Scopes added to migration 002's: signup:address (sign-ups per client address) and
-- courier:unknown_reference (a courier key's misses; courier_misses stays their record).
-- Address keys group IPv6 by /64 (src/provider/security/address-key.ts).

-- veil_throttle_reserve: defined in src/provider/db/functions/veil_throttle_reserve.sql.

-- veil_throttle_release: defined in src/provider/db/functions/veil_throttle_release.sql.

-- veil_card_testing_reserve: defined in src/provider/db/functions/veil_card_testing_reserve.sql.

-- veil_card_testing_release: defined in src/provider/db/functions/veil_card_testing_release.sql.

-- veil_validate_batch: defined in src/provider/db/functions/veil_validate_batch.sql.

-- veil_check_card: defined in src/provider/db/functions/veil_check_card.sql.

-- Item 10: leaving card-reader mode or removing a security key needs a fresh proof of
-- the account holder: the password (throttled like sign-in) or a security-key assertion
-- on a challenge of its own purpose, which no approval can be used for.
ALTER TABLE webauthn_challenges DROP CONSTRAINT webauthn_challenges_purpose_check;
ALTER TABLE webauthn_challenges ADD CONSTRAINT webauthn_challenges_purpose_check CHECK (purpose IN ('register', 'approve', 'step_up'));
