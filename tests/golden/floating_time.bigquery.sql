-- camp: campaign Event level (published)
-- dialect: bigquery
-- today: the current date in Europe/Paris

CREATE TABLE IF NOT EXISTS camp_audiences (
  label STRING,
  table_name STRING,
  campaign STRING,
  dimension STRING,
  mapping STRING,
  row_count INT64,
  saved_at DATETIME
);

-- audience Trips -> aud_trips_5786668851
CREATE OR REPLACE TABLE aud_trips_5786668851 AS
WITH population_1 AS (
  SELECT
    bookings.booking_id
  FROM crm.bookings AS bookings
  WHERE
    bookings.booked_at >= DATETIME_SUB(CURRENT_DATETIME('Europe/Paris'), INTERVAL 12 HOUR)
    AND bookings.booked_at <= CURRENT_DATETIME('Europe/Paris')
    AND bookings.travel_date < DATE_ADD(CURRENT_DATE('Europe/Paris'), INTERVAL 14 DAY)
    AND DATE_DIFF(CURRENT_DATE('Europe/Paris'), bookings.travel_date, DAY) = 3
    AND bookings.booked_at > DATETIME_SUB(CURRENT_DATETIME('Europe/Paris'), INTERVAL 6 MONTH)
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
SELECT 'Trips', 'aud_trips_5786668851', 'Event level', 'bookings', 'CRMID', COUNT(*), CAST(CURRENT_TIMESTAMP() AS DATETIME)
FROM aud_trips_5786668851;
