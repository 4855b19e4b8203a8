-- camp: campaign Event level (published)
-- dialect: databricks
-- today: the current date in Europe/Paris

CREATE TABLE IF NOT EXISTS camp_audiences (
  label STRING,
  table_name STRING,
  campaign STRING,
  dimension STRING,
  mapping STRING,
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
    bookings.booked_at >= CAST(CONVERT_TIMEZONE('Europe/Paris', CURRENT_TIMESTAMP()) AS TIMESTAMP) - INTERVAL '12' HOUR
    AND bookings.booked_at <= CAST(CONVERT_TIMEZONE('Europe/Paris', CURRENT_TIMESTAMP()) AS TIMESTAMP)
    AND bookings.travel_date < DATEADD(DAY, 14, CAST(CONVERT_TIMEZONE('Europe/Paris', CURRENT_TIMESTAMP()) AS DATE))
    AND DATEDIFF(
      DAY,
      bookings.travel_date,
      CAST(CONVERT_TIMEZONE('Europe/Paris', CURRENT_TIMESTAMP()) AS DATE)
    ) = 3
    AND bookings.booked_at > CAST(CONVERT_TIMEZONE('Europe/Paris', CURRENT_TIMESTAMP()) AS TIMESTAMP) - INTERVAL '6' MONTH
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
SELECT 'Trips', 'aud_trips_5786668851', 'Event level', 'bookings', 'CRMID', COUNT(*), CAST(CURRENT_TIMESTAMP() AS TIMESTAMP)
FROM aud_trips_5786668851;
