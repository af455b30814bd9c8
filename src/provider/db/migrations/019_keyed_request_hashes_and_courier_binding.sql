-- Idempotency request hashes become keyed (HMAC with the master key's 'request-hash'
-- subkey, src/provider/crypto/keys.ts). Until now request_hash was an unkeyed SHA-256
-- of the whole request; a validation's body holds the card number and CVC, and the
-- last 4 and expiry are stored in clear, so a database dump gave PAN + CVC by brute
-- force in minutes.
--
-- The stored hashes cannot be re-keyed: the request bodies were never stored. Nor
-- can the rows simply go: a vendor's retry would then run its validation or capture
-- a second time. So each old row keeps its stored answer and loses its hash (set to
-- an empty value no HMAC produces): the key still stops a second run, and a reuse of
-- it is answered 409 with the reason (idempotency.ts, unmatchableKey), since whether
-- it repeats the first request can no longer be told. Copies of the old hashes in
-- backups and WAL taken before this migration remain the operator's to retire.
UPDATE idempotency_keys SET request_hash = '\x'::bytea WHERE length(request_hash) <> 0;

-- Couriers hold the references they carry (issue 15, item 14). A card's parcel is for
-- the courier its vendor named at capture or, when none was named, the first courier
-- to resolve its reference once paid; to any other courier the reference answers as an
-- unknown one does (src/provider/delivery/resolve.ts).
ALTER TABLE cards ADD COLUMN courier_id text REFERENCES couriers(id);
