-- camp: campaign Event level (published)
-- dialect: postgres
-- today: the current date in Europe/Paris
BEGIN TRANSACTION;

CREATE TABLE IF NOT EXISTS camp_audiences (
  label TEXT,
  table_name TEXT,
  campaign TEXT,
  dimension TEXT,
  mapping TEXT,
  row_count BIGINT,
  saved_at TIMESTAMP
);

-- audience Trips -> aud_trips_5786668851
DROP TABLE IF EXISTS aud_trips_5786668851;
CREATE TABLE aud_trips_5786668851 AS
WITH population_1 AS (
  SELECT
    bookings.booking_id
  FROM crm.bookings AS bookings
  WHERE
    bookings.booked_at >= (
      CAST(CURRENT_TIMESTAMP AT TIME ZONE 'Europe/Paris' AS TIMESTAMP) - INTERVAL '12 HOUR'
    )
    AND bookings.booked_at <= CAST(CURRENT_TIMESTAMP AT TIME ZONE 'Europe/Paris' AS TIMESTAMP)
    AND bookings.travel_date < CAST(CAST(CURRENT_TIMESTAMP AT TIME ZONE 'Europe/Paris' AS DATE) + INTERVAL '14 DAY' AS DATE)
    AND CAST(EXTRACT(epoch FROM CAST(CAST(CURRENT_TIMESTAMP AT TIME ZONE 'Europe/Paris' AS DATE) AS TIMESTAMP) - CAST(bookings.travel_date AS TIMESTAMP)) / 86400 AS BIGINT) = 3
    AND bookings.booked_at > (
      CAST(CURRENT_TIMESTAMP AT TIME ZONE 'Europe/Paris' AS TIMESTAMP) - INTERVAL '6 MONTH'
    )
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

COMMIT;
