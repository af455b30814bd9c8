-- Event notifications without a database-wide commit lock.
--
-- A transaction that NOTIFYs takes a lock, shared by the whole database, from just
-- before its commit until the commit record is flushed to disk (PostgreSQL keeps
-- notifications in commit order this way). Every notifying commit therefore waits
-- for the previous one's fsync: commits cannot be flushed in groups. Validations
-- record an event each, so with the trigger from 005 they committed one fsync at a
-- time — measured on 2 cores: 145 validations/s at 16 connections, 923/s without.
--
-- veil_validate marks its transaction (veil.notify = 'after_commit', transaction-local)
-- and returns the payloads; the provider sends them right after the commit, in
-- batches, from a transaction that writes nothing and so holds that lock for
-- microseconds. Other, rarer writers (decisions, captures, issuing) keep the
-- trigger. Payloads and channel are unchanged, so listeners see no difference.
DROP TRIGGER events_notify ON events;
CREATE TRIGGER events_notify AFTER INSERT ON events FOR EACH ROW
  WHEN (current_setting('veil.notify', true) IS DISTINCT FROM 'after_commit')
  EXECUTE FUNCTION notify_event();
