-- camp: campaign City break upsell (published)
-- dialect: sqlite
-- today: 2026-06-15 (fixed)
BEGIN TRANSACTION;

CREATE TABLE IF NOT EXISTS camp_audiences (
  label TEXT,
  table_name TEXT,
  campaign TEXT,
  dimension TEXT,
  mapping TEXT,
  row_count INTEGER,
  saved_at TIMESTAMP
);

-- audience City break bookings -> aud_city_break_bookings_aaf3eb2976
DROP TABLE IF EXISTS aud_city_break_bookings_aaf3eb2976;
CREATE TABLE aud_city_break_bookings_aaf3eb2976 AS
WITH population_1 AS (
  SELECT
    bookings.booking_id
  FROM crm.bookings AS bookings
  LEFT JOIN crm.recipients AS recipient
    ON recipient.recipient_id = bookings.recipient_id
  WHERE
    bookings.destination IN ('Lisbon', 'Barcelona', 'Rome', 'Prague')
    AND bookings.booked_at >= DATETIME('2026-03-17 00:00:00')
    AND bookings.booked_at < DATETIME('2026-06-16 00:00:00')
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
DELETE FROM camp_audiences WHERE table_name = 'aud_city_break_bookings_aaf3eb2976';
INSERT INTO camp_audiences (label, table_name, campaign, dimension, mapping, row_count, saved_at)
SELECT 'City break bookings', 'aud_city_break_bookings_aaf3eb2976', 'City break upsell', 'bookings', 'CRMID', COUNT(*), DATETIME(CURRENT_TIMESTAMP)
FROM aud_city_break_bookings_aaf3eb2976;

COMMIT;

-- camp: campaign Frequent travellers (published)
-- dialect: sqlite
-- today: 2026-06-15 (fixed)
BEGIN TRANSACTION;

CREATE TABLE IF NOT EXISTS camp_audiences (
  label TEXT,
  table_name TEXT,
  campaign TEXT,
  dimension TEXT,
  mapping TEXT,
  row_count INTEGER,
  saved_at TIMESTAMP
);

-- audience Frequent travellers -> aud_frequent_travellers_7bf3000dd8
DROP TABLE IF EXISTS aud_frequent_travellers_7bf3000dd8;
CREATE TABLE aud_frequent_travellers_7bf3000dd8 AS
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
        AND bookings.booked_at >= DATETIME('2025-06-15 00:00:00')
        AND bookings.booked_at < DATETIME('2026-06-16 00:00:00')
    ) >= 5
    AND (
      SELECT
        SUM(bookings_2.amount)
      FROM crm.bookings AS bookings_2
      WHERE
        bookings_2.recipient_id = recipients.recipient_id
        AND bookings_2.booked_at >= DATETIME('2025-06-15 00:00:00')
        AND bookings_2.booked_at < DATETIME('2026-06-16 00:00:00')
    ) > 10000
)
SELECT
  recipients.crm_id AS crmid,
  recipients."FirstName" AS first_name,
  recipients.email,
  recipients.country
FROM population_1 AS p
JOIN crm.recipients AS recipients
  ON recipients.recipient_id = p.recipient_id
WHERE
  NOT recipients.crm_id IS NULL;
DELETE FROM camp_audiences WHERE table_name = 'aud_frequent_travellers_7bf3000dd8';
INSERT INTO camp_audiences (label, table_name, campaign, dimension, mapping, row_count, saved_at)
SELECT 'Frequent travellers', 'aud_frequent_travellers_7bf3000dd8', 'Frequent travellers', 'recipients', 'CRMID', COUNT(*), DATETIME(CURRENT_TIMESTAMP)
FROM aud_frequent_travellers_7bf3000dd8;

COMMIT;

-- camp: campaign Lapsed customers (draft): a draft saves nothing; each query
-- lists the rows its audience would hold
-- dialect: sqlite
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
        AND bookings_2.booked_at >= DATETIME('2025-06-15 00:00:00')
        AND bookings_2.booked_at < DATETIME('2026-06-16 00:00:00')
    )
)
SELECT
  recipients.email,
  recipients."FirstName" AS first_name,
  recipients.country,
  recipients.loyalty_points
FROM population_1 AS p
JOIN crm.recipients AS recipients
  ON recipients.recipient_id = p.recipient_id
WHERE
  NOT recipients.email IS NULL;

-- camp: campaign Recent travel bookers (published)
-- dialect: sqlite
-- today: 2026-06-15 (fixed)
BEGIN TRANSACTION;

CREATE TABLE IF NOT EXISTS camp_audiences (
  label TEXT,
  table_name TEXT,
  campaign TEXT,
  dimension TEXT,
  mapping TEXT,
  row_count INTEGER,
  saved_at TIMESTAMP
);

-- audience Recent bookers -> aud_recent_bookers_87035bac17
DROP TABLE IF EXISTS aud_recent_bookers_87035bac17;
CREATE TABLE aud_recent_bookers_87035bac17 AS
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
        AND bookings.booked_at >= DATETIME('2026-05-16 00:00:00')
        AND bookings.booked_at < DATETIME('2026-06-16 00:00:00')
    )
)
SELECT
  recipients.crm_id AS crmid,
  recipients."FirstName" AS first_name,
  recipients.email
FROM population_1 AS p
JOIN crm.recipients AS recipients
  ON recipients.recipient_id = p.recipient_id
WHERE
  NOT recipients.crm_id IS NULL;
DELETE FROM camp_audiences WHERE table_name = 'aud_recent_bookers_87035bac17';
INSERT INTO camp_audiences (label, table_name, campaign, dimension, mapping, row_count, saved_at)
SELECT 'Recent bookers', 'aud_recent_bookers_87035bac17', 'Recent travel bookers', 'recipients', 'CRMID', COUNT(*), DATETIME(CURRENT_TIMESTAMP)
FROM aud_recent_bookers_87035bac17;

COMMIT;
