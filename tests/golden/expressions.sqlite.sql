-- camp: campaign Expressions (published)
-- dialect: sqlite
-- today: 2026-01-31 (fixed)
BEGIN TRANSACTION;

CREATE TABLE IF NOT EXISTS camp_audiences (
  label TEXT,
  table_name TEXT,
  campaign TEXT,
  dimension TEXT,
  mapping TEXT,
  row_count INTEGER,
  saved_at TIMESTAMP
);

-- audience Expressions -> aud_expressions_18bc3007d6
DROP TABLE IF EXISTS aud_expressions_18bc3007d6;
CREATE TABLE aud_expressions_18bc3007d6 AS
WITH population_1 AS (
  SELECT
    recipients.recipient_id
  FROM crm.recipients AS recipients
  WHERE
    INSTR(recipients."FirstName", '50%') > 0
    AND (
      SUBSTR(recipients.email, 1, LENGTH('it''s "q"
')) = 'it''s "q"
'
    )
    OR (
      LENGTH(LOWER(recipients.email)) >= LENGTH('@x.fr')
      AND SUBSTR(LOWER(recipients.email), LENGTH(LOWER(recipients.email)) - LENGTH('@x.fr') + 1) = '@x.fr'
    )
    OR 10 - (
      recipients.loyalty_points - 3
    ) > CAST(recipients.loyalty_points AS REAL) / 2
    OR 2026 - CAST(STRFTIME('%Y', recipients.birth_date) AS INTEGER) - CASE
      WHEN CAST(STRFTIME('%m', recipients.birth_date) AS INTEGER) * 100 + CAST(STRFTIME('%d', recipients.birth_date) AS INTEGER) > 131
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
        AND bookings.destination GLOB 'P*?\'
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
SELECT 'Expressions', 'aud_expressions_18bc3007d6', 'Expressions', 'recipients', 'Email', COUNT(*), DATETIME(CURRENT_TIMESTAMP)
FROM aud_expressions_18bc3007d6;

COMMIT;
