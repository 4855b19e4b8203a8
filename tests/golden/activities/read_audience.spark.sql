-- camp: campaign French recipients (published)
-- dialect: spark
-- today: 2026-01-31 (fixed)

CREATE TABLE IF NOT EXISTS camp_audiences (
  label STRING,
  table_name STRING,
  campaign STRING,
  dimension STRING,
  mapping STRING,
  row_count BIGINT,
  saved_at TIMESTAMP
);

-- audience French -> aud_french_21bb36ad06
DROP TABLE IF EXISTS aud_french_21bb36ad06__camp_staging;
CREATE TABLE aud_french_21bb36ad06__camp_staging AS
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
DROP TABLE IF EXISTS aud_french_21bb36ad06;
ALTER TABLE aud_french_21bb36ad06__camp_staging RENAME TO aud_french_21bb36ad06;
DROP TABLE IF EXISTS camp_audiences__camp_staging;
CREATE TABLE camp_audiences__camp_staging AS
SELECT * FROM camp_audiences WHERE table_name <> 'aud_french_21bb36ad06'
UNION ALL
SELECT 'French', 'aud_french_21bb36ad06', 'French recipients', 'recipients', 'CRMID', COUNT(*), CAST(CURRENT_TIMESTAMP() AS TIMESTAMP)
FROM aud_french_21bb36ad06;
DROP TABLE camp_audiences;
ALTER TABLE camp_audiences__camp_staging RENAME TO camp_audiences;

-- camp: campaign French bookers (published)
-- dialect: spark
-- today: 2026-01-31 (fixed)

CREATE TABLE IF NOT EXISTS camp_audiences (
  label STRING,
  table_name STRING,
  campaign STRING,
  dimension STRING,
  mapping STRING,
  row_count BIGINT,
  saved_at TIMESTAMP
);

-- audience French bookers -> aud_french_bookers_e009486cbe
DROP TABLE IF EXISTS aud_french_bookers_e009486cbe__camp_staging;
CREATE TABLE aud_french_bookers_e009486cbe__camp_staging AS
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
  recipients.`FirstName` AS first_name
FROM population_1 AS p
JOIN crm.recipients AS recipients
  ON recipients.recipient_id = p.recipient_id
WHERE
  NOT recipients.email IS NULL;
DROP TABLE IF EXISTS aud_french_bookers_e009486cbe;
ALTER TABLE aud_french_bookers_e009486cbe__camp_staging RENAME TO aud_french_bookers_e009486cbe;
DROP TABLE IF EXISTS camp_audiences__camp_staging;
CREATE TABLE camp_audiences__camp_staging AS
SELECT * FROM camp_audiences WHERE table_name <> 'aud_french_bookers_e009486cbe'
UNION ALL
SELECT 'French bookers', 'aud_french_bookers_e009486cbe', 'French bookers', 'recipients', 'Email', COUNT(*), CAST(CURRENT_TIMESTAMP() AS TIMESTAMP)
FROM aud_french_bookers_e009486cbe;
DROP TABLE camp_audiences;
ALTER TABLE camp_audiences__camp_staging RENAME TO camp_audiences;
