-- camp: campaign Spenders (published)
-- dialect: snowflake
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

-- audience Spenders -> aud_spenders_4f6b4f71cf
CREATE OR REPLACE TABLE aud_spenders_4f6b4f71cf AS
WITH population_1 AS (
  SELECT
    recipients.recipient_id
  FROM crm.recipients AS recipients
), population_2 AS (
  SELECT
    p.recipient_id,
    (
      SELECT
        SUM(bookings.amount)
      FROM crm.bookings AS bookings
      WHERE
        bookings.recipient_id = recipients.recipient_id
        AND bookings.booked_at >= CAST('2025-01-31 00:00:00' AS TIMESTAMP)
        AND bookings.booked_at < CAST('2026-02-01 00:00:00' AS TIMESTAMP)
    ) AS spent,
    (
      SELECT
        COUNT(*)
      FROM crm.bookings AS bookings_2
      WHERE
        bookings_2.recipient_id = recipients.recipient_id
        AND bookings_2.destination <> 'Rome'
    ) AS trips
  FROM population_1 AS p
  JOIN crm.recipients AS recipients
    ON recipients.recipient_id = p.recipient_id
), population_3 AS (
  SELECT
    p.recipient_id,
    p.spent,
    p.trips,
    p.spent / NULLIF(p.trips, 0) AS average
  FROM population_2 AS p
), population_4 AS (
  SELECT
    p.recipient_id,
    p.spent,
    p.trips,
    p.average
  FROM population_3 AS p
  WHERE
    p.spent > 500 OR p.trips = 0
)
SELECT
  recipients.crm_id AS crmid,
  p.spent,
  p.trips,
  p.average AS per_trip
FROM population_4 AS p
JOIN crm.recipients AS recipients
  ON recipients.recipient_id = p.recipient_id
WHERE
  NOT recipients.crm_id IS NULL;
DELETE FROM camp_audiences WHERE table_name = 'aud_spenders_4f6b4f71cf';
INSERT INTO camp_audiences (label, table_name, campaign, dimension, mapping, row_count, saved_at)
SELECT 'Spenders', 'aud_spenders_4f6b4f71cf', 'Spenders', 'recipients', 'CRMID', COUNT(*), CAST(CURRENT_TIMESTAMP() AS TIMESTAMP)
FROM aud_spenders_4f6b4f71cf;
