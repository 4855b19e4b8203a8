-- camp: campaign Expressions (published)
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

-- audience Expressions -> aud_expressions_18bc3007d6
DROP TABLE IF EXISTS aud_expressions_18bc3007d6;
WITH population_1 AS (
  SELECT
    recipients.recipient_id AS recipient_id
  FROM crm.recipients AS recipients
  WHERE
    CHARINDEX('50%', recipients.[FirstName]) > 0
    AND (
      CHARINDEX('it''s "q"
', recipients.email) = 1
    )
    OR (
      CHARINDEX(REVERSE('@x.fr'), REVERSE(LOWER(recipients.email))) = 1
    )
    OR 10 - (
      recipients.loyalty_points - 3
    ) > CAST(recipients.loyalty_points AS FLOAT) / 2
    OR 2026 - YEAR(recipients.birth_date) - CASE
      WHEN MONTH(recipients.birth_date) * 100 + DAY(recipients.birth_date) > 131
      THEN 1
      ELSE 0
    END >= 18
    OR NOT recipients.country IN ('FR')
    OR NOT (
      SELECT
        SUM(bookings.amount)
      FROM crm.bookings AS bookings
      WHERE
        bookings.recipient_id = recipients.recipient_id
        AND bookings.destination COLLATE Latin1_General_100_BIN2 LIKE 'P%_\'
    ) IS NULL
)
SELECT
  *
INTO aud_expressions_18bc3007d6
FROM (
  SELECT
    recipients.email AS email,
    recipients.[order] AS [order]
  FROM population_1 AS p
  JOIN crm.recipients AS recipients
    ON recipients.recipient_id = p.recipient_id
  WHERE
    NOT recipients.email IS NULL
) AS temp;
DELETE FROM camp_audiences WHERE table_name = 'aud_expressions_18bc3007d6';
INSERT INTO camp_audiences (label, table_name, campaign, dimension, mapping, row_count, saved_at)
SELECT 'Expressions', 'aud_expressions_18bc3007d6', 'Expressions', 'recipients', 'Email', COUNT(*), CAST(GETDATE() AS DATETIME2)
FROM aud_expressions_18bc3007d6;

COMMIT;
