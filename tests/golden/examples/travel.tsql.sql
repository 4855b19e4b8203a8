-- camp: campaign City break upsell (published)
-- dialect: tsql
-- today: 2026-06-15 (fixed)
BEGIN TRANSACTION;

IF NOT EXISTS (SELECT * FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'camp_audiences') EXEC('CREATE TABLE camp_audiences (
  label NVARCHAR(MAX),
  table_name NVARCHAR(MAX),
  campaign NVARCHAR(MAX),
  dimension NVARCHAR(MAX),
  mapping NVARCHAR(MAX),
  row_count BIGINT,
  saved_at DATETIME2
)');

-- audience City break bookings -> aud_city_break_bookings_aaf3eb2976
DROP TABLE IF EXISTS aud_city_break_bookings_aaf3eb2976;
WITH population_1 AS (
  SELECT
    bookings.booking_id AS booking_id
  FROM crm.bookings AS bookings
  LEFT JOIN crm.recipients AS recipient
    ON recipient.recipient_id = bookings.recipient_id
  WHERE
    bookings.destination IN ('Lisbon', 'Barcelona', 'Rome', 'Prague')
    AND bookings.booked_at >= CAST('2026-03-17 00:00:00' AS DATETIME2)
    AND bookings.booked_at < CAST('2026-06-16 00:00:00' AS DATETIME2)
    AND bookings.amount > 2000
    AND recipient.opted_in <> 0
    AND recipient.country IN ('FR', 'BE', 'NL')
)
SELECT
  *
INTO aud_city_break_bookings_aaf3eb2976
FROM (
  SELECT
    recipient.crm_id AS crmid,
    bookings.destination AS destination,
    bookings.amount AS amount,
    bookings.booked_at AS booked_at
  FROM population_1 AS p
  JOIN crm.bookings AS bookings
    ON bookings.booking_id = p.booking_id
  LEFT JOIN crm.recipients AS recipient
    ON recipient.recipient_id = bookings.recipient_id
  WHERE
    NOT recipient.crm_id IS NULL
) AS temp;
DELETE FROM camp_audiences WHERE table_name = 'aud_city_break_bookings_aaf3eb2976';
INSERT INTO camp_audiences (label, table_name, campaign, dimension, mapping, row_count, saved_at)
SELECT 'City break bookings', 'aud_city_break_bookings_aaf3eb2976', 'City break upsell', 'bookings', 'CRMID', COUNT(*), CAST(GETDATE() AS DATETIME2)
FROM aud_city_break_bookings_aaf3eb2976;

COMMIT;

-- camp: campaign Frequent travellers (published)
-- dialect: tsql
-- today: 2026-06-15 (fixed)
BEGIN TRANSACTION;

IF NOT EXISTS (SELECT * FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'camp_audiences') EXEC('CREATE TABLE camp_audiences (
  label NVARCHAR(MAX),
  table_name NVARCHAR(MAX),
  campaign NVARCHAR(MAX),
  dimension NVARCHAR(MAX),
  mapping NVARCHAR(MAX),
  row_count BIGINT,
  saved_at DATETIME2
)');

-- audience Frequent travellers -> aud_frequent_travellers_7bf3000dd8
DROP TABLE IF EXISTS aud_frequent_travellers_7bf3000dd8;
WITH population_1 AS (
  SELECT
    recipients.recipient_id AS recipient_id
  FROM crm.recipients AS recipients
  WHERE
    recipients.opted_in <> 0
    AND NOT recipients.country IS NULL
    AND (
      SELECT
        COUNT(*)
      FROM crm.bookings AS bookings
      WHERE
        bookings.recipient_id = recipients.recipient_id
        AND bookings.booked_at >= CAST('2025-06-15 00:00:00' AS DATETIME2)
        AND bookings.booked_at < CAST('2026-06-16 00:00:00' AS DATETIME2)
    ) >= 5
    AND (
      SELECT
        SUM(bookings_2.amount)
      FROM crm.bookings AS bookings_2
      WHERE
        bookings_2.recipient_id = recipients.recipient_id
        AND bookings_2.booked_at >= CAST('2025-06-15 00:00:00' AS DATETIME2)
        AND bookings_2.booked_at < CAST('2026-06-16 00:00:00' AS DATETIME2)
    ) > 10000
)
SELECT
  *
INTO aud_frequent_travellers_7bf3000dd8
FROM (
  SELECT
    recipients.crm_id AS crmid,
    recipients.[FirstName] AS first_name,
    recipients.email AS email,
    recipients.country AS country
  FROM population_1 AS p
  JOIN crm.recipients AS recipients
    ON recipients.recipient_id = p.recipient_id
  WHERE
    NOT recipients.crm_id IS NULL
) AS temp;
DELETE FROM camp_audiences WHERE table_name = 'aud_frequent_travellers_7bf3000dd8';
INSERT INTO camp_audiences (label, table_name, campaign, dimension, mapping, row_count, saved_at)
SELECT 'Frequent travellers', 'aud_frequent_travellers_7bf3000dd8', 'Frequent travellers', 'recipients', 'CRMID', COUNT(*), CAST(GETDATE() AS DATETIME2)
FROM aud_frequent_travellers_7bf3000dd8;

COMMIT;

-- camp: campaign Lapsed customers (draft): a draft saves nothing; each query
-- lists the rows its audience would hold
-- dialect: tsql
-- today: 2026-06-15 (fixed)

-- audience Lapsed customers (not saved)
WITH population_1 AS (
  SELECT
    recipients.recipient_id AS recipient_id
  FROM crm.recipients AS recipients
  WHERE
    recipients.opted_in <> 0
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
        AND bookings_2.booked_at >= CAST('2025-06-15 00:00:00' AS DATETIME2)
        AND bookings_2.booked_at < CAST('2026-06-16 00:00:00' AS DATETIME2)
    )
)
SELECT
  recipients.email,
  recipients.[FirstName] AS first_name,
  recipients.country,
  recipients.loyalty_points
FROM population_1 AS p
JOIN crm.recipients AS recipients
  ON recipients.recipient_id = p.recipient_id
WHERE
  NOT recipients.email IS NULL;

-- camp: campaign Recent travel bookers (published)
-- dialect: tsql
-- today: 2026-06-15 (fixed)
BEGIN TRANSACTION;

IF NOT EXISTS (SELECT * FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'camp_audiences') EXEC('CREATE TABLE camp_audiences (
  label NVARCHAR(MAX),
  table_name NVARCHAR(MAX),
  campaign NVARCHAR(MAX),
  dimension NVARCHAR(MAX),
  mapping NVARCHAR(MAX),
  row_count BIGINT,
  saved_at DATETIME2
)');

-- audience Recent bookers -> aud_recent_bookers_87035bac17
DROP TABLE IF EXISTS aud_recent_bookers_87035bac17;
WITH population_1 AS (
  SELECT
    recipients.recipient_id AS recipient_id
  FROM crm.recipients AS recipients
  WHERE
    recipients.opted_in <> 0
    AND recipients.country IN ('FR', 'BE')
    AND EXISTS(
      SELECT
        1
      FROM crm.bookings AS bookings
      WHERE
        bookings.recipient_id = recipients.recipient_id
        AND bookings.booked_at >= CAST('2026-05-16 00:00:00' AS DATETIME2)
        AND bookings.booked_at < CAST('2026-06-16 00:00:00' AS DATETIME2)
    )
)
SELECT
  *
INTO aud_recent_bookers_87035bac17
FROM (
  SELECT
    recipients.crm_id AS crmid,
    recipients.[FirstName] AS first_name,
    recipients.email AS email
  FROM population_1 AS p
  JOIN crm.recipients AS recipients
    ON recipients.recipient_id = p.recipient_id
  WHERE
    NOT recipients.crm_id IS NULL
) AS temp;
DELETE FROM camp_audiences WHERE table_name = 'aud_recent_bookers_87035bac17';
INSERT INTO camp_audiences (label, table_name, campaign, dimension, mapping, row_count, saved_at)
SELECT 'Recent bookers', 'aud_recent_bookers_87035bac17', 'Recent travel bookers', 'recipients', 'CRMID', COUNT(*), CAST(GETDATE() AS DATETIME2)
FROM aud_recent_bookers_87035bac17;

COMMIT;
