-- camp: campaign Changes (published)
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

-- audience Bookings of big spenders -> aud_bookings_of_big_spenders_3bebbcf003
CREATE OR REPLACE TABLE aud_bookings_of_big_spenders_3bebbcf003 AS
WITH population_1 AS (
  SELECT
    bookings.booking_id
  FROM crm.bookings AS bookings
  WHERE
    bookings.amount > 100
), population_2 AS (
  SELECT DISTINCT
    recipients.recipient_id
  FROM population_1 AS p
  JOIN crm.bookings AS bookings
    ON bookings.booking_id = p.booking_id
  JOIN crm.recipients AS recipients
    ON recipients.recipient_id = bookings.recipient_id
), population_3 AS (
  SELECT
    p.recipient_id
  FROM population_2 AS p
  JOIN crm.recipients AS recipients
    ON recipients.recipient_id = p.recipient_id
  WHERE
    recipients.opted_in
), population_4 AS (
  SELECT DISTINCT
    bookings.booking_id
  FROM population_3 AS p
  JOIN crm.recipients AS recipients
    ON recipients.recipient_id = p.recipient_id
  JOIN crm.bookings AS bookings
    ON bookings.recipient_id = recipients.recipient_id
)
SELECT
  recipient.crm_id AS crmid,
  bookings.booking_id,
  bookings.destination
FROM population_4 AS p
JOIN crm.bookings AS bookings
  ON bookings.booking_id = p.booking_id
LEFT JOIN crm.recipients AS recipient
  ON recipient.recipient_id = bookings.recipient_id
WHERE
  NOT recipient.crm_id IS NULL;
DELETE FROM camp_audiences WHERE table_name = 'aud_bookings_of_big_spenders_3bebbcf003';
INSERT INTO camp_audiences (label, table_name, campaign, dimension, mapping, row_count, saved_at)
SELECT 'Bookings of big spenders', 'aud_bookings_of_big_spenders_3bebbcf003', 'Changes', 'bookings', 'CRMID', COUNT(*), CAST(CURRENT_TIMESTAMP() AS DATETIME)
FROM aud_bookings_of_big_spenders_3bebbcf003;
