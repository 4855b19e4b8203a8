-- camp: campaign Recent travel bookers (published)
-- dialect: databricks
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
CREATE OR REPLACE TABLE aud_recent_bookers_87035bac17 AS
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
DELETE FROM camp_audiences WHERE table_name = 'aud_recent_bookers_87035bac17';
INSERT INTO camp_audiences (label, table_name, campaign, dimension, mapping, row_count, saved_at)
SELECT 'Recent bookers', 'aud_recent_bookers_87035bac17', 'Recent travel bookers', 'recipients', 'CRMID', COUNT(*), CAST(CURRENT_TIMESTAMP() AS TIMESTAMP)
FROM aud_recent_bookers_87035bac17;
