-- camp: campaign French recipients (published)
-- dialect: duckdb
-- today: 2026-01-31 (fixed)
BEGIN TRANSACTION;

CREATE TABLE IF NOT EXISTS camp_audiences (
  label TEXT,
  table_name TEXT,
  campaign TEXT,
  dimension TEXT,
  mapping TEXT,
  row_count BIGINT,
  saved_at TIMESTAMP
);

-- audience French -> aud_french_21bb36ad06
CREATE OR REPLACE TABLE aud_french_21bb36ad06 AS
WITH population_1 AS (
  SELECT
    recipients.recipient_id
  FROM crm.recipients AS recipients
  WHERE
    recipients.country = 'FR'
)
SELECT
  recipients.crm_id AS crmid
FROM population_1 AS p
JOIN crm.recipients AS recipients
  ON recipients.recipient_id = p.recipient_id
WHERE
  NOT recipients.crm_id IS NULL;
DELETE FROM camp_audiences WHERE table_name = 'aud_french_21bb36ad06';
INSERT INTO camp_audiences (label, table_name, campaign, dimension, mapping, row_count, saved_at)
SELECT 'French', 'aud_french_21bb36ad06', 'French recipients', 'recipients', 'CRMID', COUNT(*), CAST(CURRENT_TIMESTAMP AS TIMESTAMP)
FROM aud_french_21bb36ad06;

COMMIT;

-- camp: campaign French bookers (published)
-- dialect: duckdb
-- today: 2026-01-31 (fixed)
BEGIN TRANSACTION;

CREATE TABLE IF NOT EXISTS camp_audiences (
  label TEXT,
  table_name TEXT,
  campaign TEXT,
  dimension TEXT,
  mapping TEXT,
  row_count BIGINT,
  saved_at TIMESTAMP
);

-- audience French bookers -> aud_french_bookers_e009486cbe
CREATE OR REPLACE TABLE aud_french_bookers_e009486cbe AS
WITH population_1 AS (
  SELECT
    recipients.recipient_id
  FROM crm.recipients AS recipients
  WHERE
    EXISTS(
      SELECT
        1
      FROM aud_french_21bb36ad06 AS audience
      WHERE
        audience.crmid = recipients.crm_id
    )
    AND EXISTS(
      SELECT
        1
      FROM crm.bookings AS bookings
      WHERE
        bookings.recipient_id = recipients.recipient_id
    )
)
SELECT
  recipients.email,
  recipients."FirstName" AS first_name
FROM population_1 AS p
JOIN crm.recipients AS recipients
  ON recipients.recipient_id = p.recipient_id
WHERE
  NOT recipients.email IS NULL;
DELETE FROM camp_audiences WHERE table_name = 'aud_french_bookers_e009486cbe';
INSERT INTO camp_audiences (label, table_name, campaign, dimension, mapping, row_count, saved_at)
SELECT 'French bookers', 'aud_french_bookers_e009486cbe', 'French bookers', 'recipients', 'Email', COUNT(*), CAST(CURRENT_TIMESTAMP AS TIMESTAMP)
FROM aud_french_bookers_e009486cbe;

COMMIT;
