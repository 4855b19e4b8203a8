-- camp: campaign Recent travel bookers (published)
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

-- audience Recent bookers -> aud_recent_bookers_87035bac17
DROP TABLE IF EXISTS aud_recent_bookers_87035bac17__camp_staging;
CREATE TABLE aud_recent_bookers_87035bac17__camp_staging AS
WITH population_1 AS (
  SELECT
    recipients.recipient_id
  FROM crm.recipients AS recipients
  WHERE
    recipients.opted_in
    AND recipients.country IN ('FR', 'BE')
    AND EXISTS(
      SELECT
        1
      FROM crm.bookings AS bookings
      WHERE
        bookings.recipient_id = recipients.recipient_id
        AND bookings.booked_at >= CAST('2026-01-01 00:00:00' AS TIMESTAMP)
        AND bookings.booked_at < CAST('2026-02-01 00:00:00' AS TIMESTAMP)
    )
)
SELECT
  recipients.crm_id AS crmid,
  recipients.`FirstName` AS first_name,
  recipients.email
FROM population_1 AS p
JOIN crm.recipients AS recipients
  ON recipients.recipient_id = p.recipient_id
WHERE
  NOT recipients.crm_id IS NULL;
DROP TABLE IF EXISTS aud_recent_bookers_87035bac17;
ALTER TABLE aud_recent_bookers_87035bac17__camp_staging RENAME TO aud_recent_bookers_87035bac17;
DROP TABLE IF EXISTS camp_audiences__camp_staging;
CREATE TABLE camp_audiences__camp_staging AS
SELECT * FROM camp_audiences WHERE table_name <> 'aud_recent_bookers_87035bac17'
UNION ALL
SELECT 'Recent bookers', 'aud_recent_bookers_87035bac17', 'Recent travel bookers', 'recipients', 'CRMID', COUNT(*), CAST(CURRENT_TIMESTAMP() AS TIMESTAMP)
FROM aud_recent_bookers_87035bac17;
DROP TABLE camp_audiences;
ALTER TABLE camp_audiences__camp_staging RENAME TO camp_audiences;
