-- camp: campaign Recent travel bookers (published)
-- dialect: tsql
-- today: 2026-01-31 (fixed)
BEGIN TRANSACTION;

IF NOT EXISTS (SELECT * FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'camp_audiences') EXEC('CREATE TABLE camp_audiences (
  label NVARCHAR(MAX),
  table_name NVARCHAR(MAX),
  campaign NVARCHAR(MAX),
  dimension NVARCHAR(MAX),
  mapping NVARCHAR(MAX),
  row_count BIGINT,
  saved_at DATETIME2
)');

-- audience Recent bookers -> aud_recent_bookers_87035bac17
DROP TABLE IF EXISTS aud_recent_bookers_87035bac17;
WITH population_1 AS (
  SELECT
    recipients.recipient_id AS recipient_id
  FROM crm.recipients AS recipients
  WHERE
    recipients.opted_in <> 0
    AND recipients.country IN ('FR', 'BE')
    AND EXISTS(
      SELECT
        1
      FROM crm.bookings AS bookings
      WHERE
        bookings.recipient_id = recipients.recipient_id
        AND bookings.booked_at >= CAST('2026-01-01 00:00:00' AS DATETIME2)
        AND bookings.booked_at < CAST('2026-02-01 00:00:00' AS DATETIME2)
    )
)
SELECT
  *
INTO aud_recent_bookers_87035bac17
FROM (
  SELECT
    recipients.crm_id AS crmid,
    recipients.[FirstName] AS first_name,
    recipients.email AS email
  FROM population_1 AS p
  JOIN crm.recipients AS recipients
    ON recipients.recipient_id = p.recipient_id
  WHERE
    NOT recipients.crm_id IS NULL
) AS temp;
DELETE FROM camp_audiences WHERE table_name = 'aud_recent_bookers_87035bac17';
INSERT INTO camp_audiences (label, table_name, campaign, dimension, mapping, row_count, saved_at)
SELECT 'Recent bookers', 'aud_recent_bookers_87035bac17', 'Recent travel bookers', 'recipients', 'CRMID', COUNT(*), CAST(GETDATE() AS DATETIME2)
FROM aud_recent_bookers_87035bac17;

COMMIT;
