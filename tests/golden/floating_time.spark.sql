-- camp: campaign Event level (published)
-- dialect: spark
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
DROP TABLE IF EXISTS aud_trips_5786668851__camp_staging;
CREATE TABLE aud_trips_5786668851__camp_staging AS
WITH population_1 AS (
  SELECT
    bookings.booking_id
  FROM crm.bookings AS bookings
  WHERE
    bookings.booked_at >= CAST(CONVERT_TIMEZONE('Europe/Paris', CURRENT_TIMESTAMP()) AS TIMESTAMP) - INTERVAL '12' HOUR
    AND bookings.booked_at <= CAST(CONVERT_TIMEZONE('Europe/Paris', CURRENT_TIMESTAMP()) AS TIMESTAMP)
    AND bookings.travel_date < DATE_ADD(CAST(CONVERT_TIMEZONE('Europe/Paris', CURRENT_TIMESTAMP()) AS DATE), 14)
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
DROP TABLE IF EXISTS aud_trips_5786668851;
ALTER TABLE aud_trips_5786668851__camp_staging RENAME TO aud_trips_5786668851;
DROP TABLE IF EXISTS camp_audiences__camp_staging;
CREATE TABLE camp_audiences__camp_staging AS
SELECT * FROM camp_audiences WHERE table_name <> 'aud_trips_5786668851'
UNION ALL
SELECT 'Trips', 'aud_trips_5786668851', 'Event level', 'bookings', 'CRMID', COUNT(*), CAST(CURRENT_TIMESTAMP() AS TIMESTAMP)
FROM aud_trips_5786668851;
DROP TABLE camp_audiences;
ALTER TABLE camp_audiences__camp_staging RENAME TO camp_audiences;
