-- camp: campaign Expressions (published)
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

-- audience Expressions -> aud_expressions_18bc3007d6
DROP TABLE IF EXISTS aud_expressions_18bc3007d6__camp_staging;
CREATE TABLE aud_expressions_18bc3007d6__camp_staging AS
WITH population_1 AS (
  SELECT
    recipients.recipient_id
  FROM crm.recipients AS recipients
  WHERE
    LOCATE('50%', recipients.`FirstName`) > 0
    AND STARTSWITH(recipients.email, 'it\'s "q"\n')
    OR ENDSWITH(LOWER(recipients.email), '@x.fr')
    OR 10 - (
      recipients.loyalty_points - 3
    ) > recipients.loyalty_points / 2
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
        AND bookings.destination LIKE 'P%_\\\\'
    ) IS NULL
)
SELECT
  recipients.email,
  recipients.`order`
FROM population_1 AS p
JOIN crm.recipients AS recipients
  ON recipients.recipient_id = p.recipient_id
WHERE
  NOT recipients.email IS NULL;
DROP TABLE IF EXISTS aud_expressions_18bc3007d6;
ALTER TABLE aud_expressions_18bc3007d6__camp_staging RENAME TO aud_expressions_18bc3007d6;
DROP TABLE IF EXISTS camp_audiences__camp_staging;
CREATE TABLE camp_audiences__camp_staging AS
SELECT * FROM camp_audiences WHERE table_name <> 'aud_expressions_18bc3007d6'
UNION ALL
SELECT 'Expressions', 'aud_expressions_18bc3007d6', 'Expressions', 'recipients', 'Email', COUNT(*), CAST(CURRENT_TIMESTAMP() AS TIMESTAMP)
FROM aud_expressions_18bc3007d6;
DROP TABLE camp_audiences;
ALTER TABLE camp_audiences__camp_staging RENAME TO camp_audiences;
