-- camp: campaign Expressions (published)
-- dialect: trino
-- today: 2026-01-31 (fixed)

CREATE TABLE IF NOT EXISTS camp_audiences (
  label VARCHAR,
  table_name VARCHAR,
  campaign VARCHAR,
  dimension VARCHAR,
  mapping VARCHAR,
  row_count BIGINT,
  saved_at TIMESTAMP
);

-- audience Expressions -> aud_expressions_18bc3007d6
CREATE OR REPLACE TABLE aud_expressions_18bc3007d6 AS
WITH population_1 AS (
  SELECT
    recipients.recipient_id
  FROM crm.recipients AS recipients
  WHERE
    STRPOS(recipients."FirstName", '50%') > 0
    AND STARTS_WITH(recipients.email, 'it''s "q"
')
    OR ENDS_WITH(LOWER(recipients.email), '@x.fr')
    OR 10 - (
      recipients.loyalty_points - 3
    ) > CAST(recipients.loyalty_points AS DOUBLE) / 2
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
        AND bookings.destination LIKE 'P%_\'
    ) IS NULL
)
SELECT
  recipients.email,
  recipients."order"
FROM population_1 AS p
JOIN crm.recipients AS recipients
  ON recipients.recipient_id = p.recipient_id
WHERE
  NOT recipients.email IS NULL;
DELETE FROM camp_audiences WHERE table_name = 'aud_expressions_18bc3007d6';
INSERT INTO camp_audiences (label, table_name, campaign, dimension, mapping, row_count, saved_at)
SELECT 'Expressions', 'aud_expressions_18bc3007d6', 'Expressions', 'recipients', 'Email', COUNT(*), CAST(CURRENT_TIMESTAMP AS TIMESTAMP)
FROM aud_expressions_18bc3007d6;
