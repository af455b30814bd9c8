-- References on the validation's hot path, kept by the schema's shape instead of by
-- foreign-key triggers.
--
-- Measured (npm run bench -- provider, PostgreSQL, 2 cores): with these six foreign
-- keys a validation paid for six referential checks, each a query that takes a
-- FOR KEY SHARE lock on the parent row. The vendor row is the same for every charge
-- a shop makes, so concurrent validations share-locked it all the time, which makes
-- PostgreSQL create a multixact per overlap (more locking and more WAL). Without
-- them: 707 validations/s instead of ~490 at 16 connections, 452/s instead of ~380
-- at 4; the validation's own server time in one session halved (0.84 → 0.41 ms).
--
-- What keeps the references true without the checks:
-- * the parents are never deleted and never change their ids: vendors are revoked,
--   shoppers and ledger accounts stay, journals are append-only — triggers below
--   refuse DELETE, TRUNCATE and id updates on all four;
-- * the rows that point at them are written only by veil_validate, src/provider/authorizations/ and
--   ledger.ts, with ids read from the parent rows in the same transaction;
-- * checkLedger (ledger.ts, run by the crash, outage and bench checks) reports any
--   posting, authorization, event or stored answer that points nowhere.
-- The card reference (authorizations.card_id) keeps its foreign key: it is one row
-- per card, not shared, and its check costs little.
ALTER TABLE authorizations DROP CONSTRAINT authorizations_vendor_id_fkey, DROP CONSTRAINT authorizations_shopper_id_fkey;
ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_vendor_id_fkey;
ALTER TABLE postings DROP CONSTRAINT postings_journal_id_fkey, DROP CONSTRAINT postings_account_id_fkey;
ALTER TABLE events DROP CONSTRAINT events_shopper_id_fkey;

-- veil_refuse_delete: defined in src/provider/db/functions/veil_refuse_delete.sql.

-- veil_refuse_id_change: defined in src/provider/db/functions/veil_refuse_id_change.sql.

-- Statement-level for deletes (no cost per row); the id trigger fires only for an
-- UPDATE that names the id column, which no update on the hot path does. Ledger
-- account and journal ids are GENERATED ALWAYS identities, which PostgreSQL already
-- refuses to update.
CREATE TRIGGER vendors_keep BEFORE DELETE OR TRUNCATE ON vendors FOR EACH STATEMENT EXECUTE FUNCTION veil_refuse_delete();
CREATE TRIGGER shoppers_keep BEFORE DELETE OR TRUNCATE ON shoppers FOR EACH STATEMENT EXECUTE FUNCTION veil_refuse_delete();
CREATE TRIGGER ledger_accounts_keep BEFORE DELETE OR TRUNCATE ON ledger_accounts FOR EACH STATEMENT EXECUTE FUNCTION veil_refuse_delete();
CREATE TRIGGER journals_keep BEFORE DELETE OR TRUNCATE ON journals FOR EACH STATEMENT EXECUTE FUNCTION veil_refuse_delete();
CREATE TRIGGER vendors_id_fixed BEFORE UPDATE OF id ON vendors FOR EACH ROW EXECUTE FUNCTION veil_refuse_id_change();
CREATE TRIGGER shoppers_id_fixed BEFORE UPDATE OF id ON shoppers FOR EACH ROW EXECUTE FUNCTION veil_refuse_id_change();
