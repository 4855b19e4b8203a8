-- camp: campaign Event level (published)
-- dialect: trino
-- today: the current date in Europe/Paris

CREATE TABLE IF NOT EXISTS camp_audiences (
  label VARCHAR,
  table_name VARCHAR,
  campaign VARCHAR,
  dimension VARCHAR,
  mapping VARCHAR,
  row_count BIGINT,
  saved_at TIMESTAMP
);

-- audience Trips -> aud_trips_5786668851
CREATE OR REPLACE TABLE aud_trips_5786668851 AS
WITH population_1 AS (
  SELECT
    bookings.booking_id
  FROM crm.bookings AS bookings
  WHERE
    bookings.booked_at >= DATE_ADD('HOUR', -12, CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'Europe/Paris') AS TIMESTAMP))
    AND bookings.booked_at <= CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'Europe/Paris') AS TIMESTAMP)
    AND bookings.travel_date < DATE_ADD('DAY', 14, CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'Europe/Paris') AS DATE))
    AND DATE_DIFF(
      'DAY',
      bookings.travel_date,
      CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'Europe/Paris') AS DATE)
    ) = 3
    AND bookings.booked_at > DATE_ADD('MONTH', -6, CAST(AT_TIMEZONE(CURRENT_TIMESTAMP, 'Europe/Paris') AS TIMESTAMP))
)
SELECT
  recipient.crm_id AS crmid,
  bookings.destination
FROM population_1 AS p
JOIN crm.bookings AS bookings
  ON bookings.booking_id = p.booking_id
LEFT JOIN crm.recipients AS recipient
  ON recipient.recipient_id = bookings.recipient_id
WHERE
  NOT recipient.crm_id IS NULL;
DELETE FROM camp_audiences WHERE table_name = 'aud_trips_5786668851';
INSERT INTO camp_audiences (label, table_name, campaign, dimension, mapping, row_count, saved_at)
SELECT 'Trips', 'aud_trips_5786668851', 'Event level', 'bookings', 'CRMID', COUNT(*), CAST(CURRENT_TIMESTAMP AS TIMESTAMP)
FROM aud_trips_5786668851;
