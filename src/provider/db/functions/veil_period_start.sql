-- Start of the calendar period (UTC) that `at` falls in; weeks start on Monday (ISO).
CREATE OR REPLACE FUNCTION veil_period_start(period text, at timestamptz) RETURNS timestamptz
LANGUAGE sql IMMUTABLE AS $$ SELECT date_trunc(period, at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' $$;
