-- camp: campaign Best ones (published)
-- dialect: bigquery
-- today: 2026-01-31 (fixed)

CREATE TABLE IF NOT EXISTS camp_audiences (
  label STRING,
  table_name STRING,
  campaign STRING,
  dimension STRING,
  mapping STRING,
  row_count INT64,
  saved_at DATETIME
);

-- audience Best bookings -> aud_best_bookings_d78729612f
CREATE OR REPLACE TABLE aud_best_bookings_d78729612f AS
WITH population_1 AS (
  SELECT
    bookings.booking_id
  FROM crm.bookings AS bookings
), population_2 AS (
  SELECT
    p.booking_id,
    ROW_NUMBER() OVER (
      PARTITION BY bookings.recipient_id, bookings.destination
      ORDER BY bookings.amount DESC, bookings.booked_at ASC NULLS LAST, p.booking_id NULLS LAST
    ) AS camp_row_number
  FROM population_1 AS p
  JOIN crm.bookings AS bookings
    ON bookings.booking_id = p.booking_id
), population_3 AS (
  SELECT
    p.booking_id
  FROM population_2 AS p
  WHERE
    p.camp_row_number <= 2
), population_4 AS (
  SELECT
    p.booking_id,
    ROW_NUMBER() OVER (ORDER BY bookings.amount ASC NULLS LAST, p.booking_id NULLS LAST) AS camp_row_number,
    COUNT(*) OVER () AS camp_records
  FROM population_3 AS p
  JOIN crm.bookings AS bookings
    ON bookings.booking_id = p.booking_id
), population_5 AS (
  SELECT
    p.booking_id
  FROM population_4 AS p
  WHERE
    p.camp_row_number * 100 <= p.camp_records * 10
)
SELECT
  recipient.crm_id AS crmid,
  bookings.booking_id
FROM population_5 AS p
JOIN crm.bookings AS bookings
  ON bookings.booking_id = p.booking_id
LEFT JOIN crm.recipients AS recipient
  ON recipient.recipient_id = bookings.recipient_id
WHERE
  NOT recipient.crm_id IS NULL;
DELETE FROM camp_audiences WHERE table_name = 'aud_best_bookings_d78729612f';
INSERT INTO camp_audiences (label, table_name, campaign, dimension, mapping, row_count, saved_at)
SELECT 'Best bookings', 'aud_best_bookings_d78729612f', 'Best ones', 'bookings', 'CRMID', COUNT(*), CAST(CURRENT_TIMESTAMP() AS DATETIME)
FROM aud_best_bookings_d78729612f;
