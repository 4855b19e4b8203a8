-- camp: campaign City break upsell (published)
-- dialect: spark
-- today: 2026-06-15 (fixed)

CREATE TABLE IF NOT EXISTS camp_audiences (
  label STRING,
  table_name STRING,
  campaign STRING,
  dimension STRING,
  mapping STRING,
  row_count BIGINT,
  saved_at TIMESTAMP
);

-- audience City break bookings -> aud_city_break_bookings_aaf3eb2976
DROP TABLE IF EXISTS aud_city_break_bookings_aaf3eb2976__camp_staging;
CREATE TABLE aud_city_break_bookings_aaf3eb2976__camp_staging AS
WITH population_1 AS (
  SELECT
    bookings.booking_id
  FROM crm.bookings AS bookings
  LEFT JOIN crm.recipients AS recipient
    ON recipient.recipient_id = bookings.recipient_id
  WHERE
    bookings.destination IN ('Lisbon', 'Barcelona', 'Rome', 'Prague')
    AND bookings.booked_at >= CAST('2026-03-17 00:00:00' AS TIMESTAMP)
    AND bookings.booked_at < CAST('2026-06-16 00:00:00' AS TIMESTAMP)
    AND bookings.amount > 2000
    AND recipient.opted_in
    AND recipient.country IN ('FR', 'BE', 'NL')
)
SELECT
  recipient.crm_id AS crmid,
  bookings.destination,
  bookings.amount,
  bookings.booked_at
FROM population_1 AS p
JOIN crm.bookings AS bookings
  ON bookings.booking_id = p.booking_id
LEFT JOIN crm.recipients AS recipient
  ON recipient.recipient_id = bookings.recipient_id
WHERE
  NOT recipient.crm_id IS NULL;
DROP TABLE IF EXISTS aud_city_break_bookings_aaf3eb2976;
ALTER TABLE aud_city_break_bookings_aaf3eb2976__camp_staging RENAME TO aud_city_break_bookings_aaf3eb2976;
DROP TABLE IF EXISTS camp_audiences__camp_staging;
CREATE TABLE camp_audiences__camp_staging AS
SELECT * FROM camp_audiences WHERE table_name <> 'aud_city_break_bookings_aaf3eb2976'
UNION ALL
SELECT 'City break bookings', 'aud_city_break_bookings_aaf3eb2976', 'City break upsell', 'bookings', 'CRMID', COUNT(*), CAST(CURRENT_TIMESTAMP() AS TIMESTAMP)
FROM aud_city_break_bookings_aaf3eb2976;
DROP TABLE camp_audiences;
ALTER TABLE camp_audiences__camp_staging RENAME TO camp_audiences;

-- camp: campaign Frequent travellers (published)
-- dialect: spark
-- today: 2026-06-15 (fixed)

CREATE TABLE IF NOT EXISTS camp_audiences (
  label STRING,
  table_name STRING,
  campaign STRING,
  dimension STRING,
  mapping STRING,
  row_count BIGINT,
  saved_at TIMESTAMP
);

-- audience Frequent travellers -> aud_frequent_travellers_7bf3000dd8
DROP TABLE IF EXISTS aud_frequent_travellers_7bf3000dd8__camp_staging;
CREATE TABLE aud_frequent_travellers_7bf3000dd8__camp_staging AS
WITH population_1 AS (
  SELECT
    recipients.recipient_id
  FROM crm.recipients AS recipients
  WHERE
    recipients.opted_in
    AND NOT recipients.country IS NULL
    AND (
      SELECT
        COUNT(*)
      FROM crm.bookings AS bookings
      WHERE
        bookings.recipient_id = recipients.recipient_id
        AND bookings.booked_at >= CAST('2025-06-15 00:00:00' AS TIMESTAMP)
        AND bookings.booked_at < CAST('2026-06-16 00:00:00' AS TIMESTAMP)
    ) >= 5
    AND (
      SELECT
        SUM(bookings_2.amount)
      FROM crm.bookings AS bookings_2
      WHERE
        bookings_2.recipient_id = recipients.recipient_id
        AND bookings_2.booked_at >= CAST('2025-06-15 00:00:00' AS TIMESTAMP)
        AND bookings_2.booked_at < CAST('2026-06-16 00:00:00' AS TIMESTAMP)
    ) > 10000
)
SELECT
  recipients.crm_id AS crmid,
  recipients.`FirstName` AS first_name,
  recipients.email,
  recipients.country
FROM population_1 AS p
JOIN crm.recipients AS recipients
  ON recipients.recipient_id = p.recipient_id
WHERE
  NOT recipients.crm_id IS NULL;
DROP TABLE IF EXISTS aud_frequent_travellers_7bf3000dd8;
ALTER TABLE aud_frequent_travellers_7bf3000dd8__camp_staging RENAME TO aud_frequent_travellers_7bf3000dd8;
DROP TABLE IF EXISTS camp_audiences__camp_staging;
CREATE TABLE camp_audiences__camp_staging AS
SELECT * FROM camp_audiences WHERE table_name <> 'aud_frequent_travellers_7bf3000dd8'
UNION ALL
SELECT 'Frequent travellers', 'aud_frequent_travellers_7bf3000dd8', 'Frequent travellers', 'recipients', 'CRMID', COUNT(*), CAST(CURRENT_TIMESTAMP() AS TIMESTAMP)
FROM aud_frequent_travellers_7bf3000dd8;
DROP TABLE camp_audiences;
ALTER TABLE camp_audiences__camp_staging RENAME TO camp_audiences;

-- camp: campaign Lapsed customers (draft): a draft saves nothing; each query
-- lists the rows its audience would hold
-- dialect: spark
-- today: 2026-06-15 (fixed)

-- audience Lapsed customers (not saved)
WITH population_1 AS (
  SELECT
    recipients.recipient_id
  FROM crm.recipients AS recipients
  WHERE
    recipients.opted_in
    AND EXISTS(
      SELECT
        1
      FROM crm.bookings AS bookings
      WHERE
        bookings.recipient_id = recipients.recipient_id
    )
    AND NOT EXISTS(
      SELECT
        1
      FROM crm.bookings AS bookings_2
      WHERE
        bookings_2.recipient_id = recipients.recipient_id
        AND bookings_2.booked_at >= CAST('2025-06-15 00:00:00' AS TIMESTAMP)
        AND bookings_2.booked_at < CAST('2026-06-16 00:00:00' AS TIMESTAMP)
    )
)
SELECT
  recipients.email,
  recipients.`FirstName` AS first_name,
  recipients.country,
  recipients.loyalty_points
FROM population_1 AS p
JOIN crm.recipients AS recipients
  ON recipients.recipient_id = p.recipient_id
WHERE
  NOT recipients.email IS NULL;

-- camp: campaign Recent travel bookers (published)
-- dialect: spark
-- today: 2026-06-15 (fixed)

CREATE TABLE IF NOT EXISTS camp_audiences (
  label STRING,
  table_name STRING,
  campaign STRING,
  dimension STRING,
  mapping STRING,
  row_count BIGINT,
  saved_at TIMESTAMP
);

-- audience Recent bookers -> aud_recent_bookers_87035bac17
DROP TABLE IF EXISTS aud_recent_bookers_87035bac17__camp_staging;
CREATE TABLE aud_recent_bookers_87035bac17__camp_staging AS
WITH population_1 AS (
  SELECT
    recipients.recipient_id
  FROM crm.recipients AS recipients
  WHERE
    recipients.opted_in
    AND recipients.country IN ('FR', 'BE')
    AND EXISTS(
      SELECT
        1
      FROM crm.bookings AS bookings
      WHERE
        bookings.recipient_id = recipients.recipient_id
        AND bookings.booked_at >= CAST('2026-05-16 00:00:00' AS TIMESTAMP)
        AND bookings.booked_at < CAST('2026-06-16 00:00:00' AS TIMESTAMP)
    )
)
SELECT
  recipients.crm_id AS crmid,
  recipients.`FirstName` AS first_name,
  recipients.email
FROM population_1 AS p
JOIN crm.recipients AS recipients
  ON recipients.recipient_id = p.recipient_id
WHERE
  NOT recipients.crm_id IS NULL;
DROP TABLE IF EXISTS aud_recent_bookers_87035bac17;
ALTER TABLE aud_recent_bookers_87035bac17__camp_staging RENAME TO aud_recent_bookers_87035bac17;
DROP TABLE IF EXISTS camp_audiences__camp_staging;
CREATE TABLE camp_audiences__camp_staging AS
SELECT * FROM camp_audiences WHERE table_name <> 'aud_recent_bookers_87035bac17'
UNION ALL
SELECT 'Recent bookers', 'aud_recent_bookers_87035bac17', 'Recent travel bookers', 'recipients', 'CRMID', COUNT(*), CAST(CURRENT_TIMESTAMP() AS TIMESTAMP)
FROM aud_recent_bookers_87035bac17;
DROP TABLE camp_audiences;
ALTER TABLE camp_audiences__camp_staging RENAME TO camp_audiences;
