-- camp: campaign Overlapping (published)
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

-- audience Opted in -> aud_opted_in_3b91cc88ba
CREATE OR REPLACE TABLE aud_opted_in_3b91cc88ba AS
WITH population_1 AS (
  SELECT
    recipients.recipient_id
  FROM crm.recipients AS recipients
), population_2 AS (
  SELECT
    p.recipient_id
  FROM population_1 AS p
  JOIN crm.recipients AS recipients
    ON recipients.recipient_id = p.recipient_id
  WHERE
    recipients.opted_in
)
SELECT
  recipients.crm_id AS crmid
FROM population_2 AS p
JOIN crm.recipients AS recipients
  ON recipients.recipient_id = p.recipient_id
WHERE
  NOT recipients.crm_id IS NULL;
DELETE FROM camp_audiences WHERE table_name = 'aud_opted_in_3b91cc88ba';
INSERT INTO camp_audiences (label, table_name, campaign, dimension, mapping, row_count, saved_at)
SELECT 'Opted in', 'aud_opted_in_3b91cc88ba', 'Overlapping', 'recipients', 'CRMID', COUNT(*), CAST(CURRENT_TIMESTAMP() AS DATETIME)
FROM aud_opted_in_3b91cc88ba;

-- audience Frequent -> aud_frequent_403b8dc9df
CREATE OR REPLACE TABLE aud_frequent_403b8dc9df AS
WITH population_1 AS (
  SELECT
    recipients.recipient_id
  FROM crm.recipients AS recipients
), population_3 AS (
  SELECT
    p.recipient_id
  FROM population_1 AS p
  JOIN crm.recipients AS recipients
    ON recipients.recipient_id = p.recipient_id
  WHERE
    (
      SELECT
        COUNT(*)
      FROM crm.bookings AS bookings
      WHERE
        bookings.recipient_id = recipients.recipient_id
    ) >= 3
), population_4 AS (
  SELECT
    p.recipient_id,
    ROW_NUMBER() OVER (ORDER BY p.recipient_id NULLS LAST) AS camp_row_number,
    COUNT(*) OVER () AS camp_records
  FROM population_3 AS p
), population_5 AS (
  SELECT
    p.recipient_id
  FROM population_4 AS p
  WHERE
    p.camp_row_number * 100 <= p.camp_records * 5
)
SELECT
  recipients.crm_id AS crmid
FROM population_5 AS p
JOIN crm.recipients AS recipients
  ON recipients.recipient_id = p.recipient_id
WHERE
  NOT recipients.crm_id IS NULL;
DELETE FROM camp_audiences WHERE table_name = 'aud_frequent_403b8dc9df';
INSERT INTO camp_audiences (label, table_name, campaign, dimension, mapping, row_count, saved_at)
SELECT 'Frequent', 'aud_frequent_403b8dc9df', 'Overlapping', 'recipients', 'CRMID', COUNT(*), CAST(CURRENT_TIMESTAMP() AS DATETIME)
FROM aud_frequent_403b8dc9df;

-- camp: campaign Split (published)
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

-- audience Gold -> aud_gold_24d7f03d8d
CREATE OR REPLACE TABLE aud_gold_24d7f03d8d AS
WITH population_1 AS (
  SELECT
    recipients.recipient_id
  FROM crm.recipients AS recipients
), population_2 AS (
  SELECT
    p.recipient_id,
    COALESCE(recipients.loyalty_points, 0) AS points
  FROM population_1 AS p
  JOIN crm.recipients AS recipients
    ON recipients.recipient_id = p.recipient_id
), population_3 AS (
  SELECT
    p.recipient_id,
    p.points,
    CASE WHEN p.points >= 1000 THEN 1 WHEN recipients.country = 'FR' THEN 2 END AS camp_segment
  FROM population_2 AS p
  JOIN crm.recipients AS recipients
    ON recipients.recipient_id = p.recipient_id
), population_4 AS (
  SELECT
    p.recipient_id,
    p.points
  FROM population_3 AS p
  WHERE
    p.camp_segment = 1
), population_6 AS (
  SELECT
    p.recipient_id,
    p.points,
    ROW_NUMBER() OVER (ORDER BY p.points DESC, p.recipient_id NULLS LAST) AS camp_row_number
  FROM population_4 AS p
), population_7 AS (
  SELECT
    p.recipient_id,
    p.points
  FROM population_6 AS p
  WHERE
    p.camp_row_number <= 100
)
SELECT
  recipients.crm_id AS crmid,
  p.points
FROM population_7 AS p
JOIN crm.recipients AS recipients
  ON recipients.recipient_id = p.recipient_id
WHERE
  NOT recipients.crm_id IS NULL;
DELETE FROM camp_audiences WHERE table_name = 'aud_gold_24d7f03d8d';
INSERT INTO camp_audiences (label, table_name, campaign, dimension, mapping, row_count, saved_at)
SELECT 'Gold', 'aud_gold_24d7f03d8d', 'Split', 'recipients', 'CRMID', COUNT(*), CAST(CURRENT_TIMESTAMP() AS DATETIME)
FROM aud_gold_24d7f03d8d;

-- audience French bookings -> aud_french_bookings_cf7524858d
CREATE OR REPLACE TABLE aud_french_bookings_cf7524858d AS
WITH population_1 AS (
  SELECT
    recipients.recipient_id
  FROM crm.recipients AS recipients
), population_2 AS (
  SELECT
    p.recipient_id,
    COALESCE(recipients.loyalty_points, 0) AS points
  FROM population_1 AS p
  JOIN crm.recipients AS recipients
    ON recipients.recipient_id = p.recipient_id
), population_3 AS (
  SELECT
    p.recipient_id,
    p.points,
    CASE WHEN p.points >= 1000 THEN 1 WHEN recipients.country = 'FR' THEN 2 END AS camp_segment
  FROM population_2 AS p
  JOIN crm.recipients AS recipients
    ON recipients.recipient_id = p.recipient_id
), population_5 AS (
  SELECT
    p.recipient_id,
    p.points
  FROM population_3 AS p
  WHERE
    p.camp_segment = 2
), population_8 AS (
  SELECT DISTINCT
    bookings.booking_id
  FROM population_5 AS p
  JOIN crm.recipients AS recipients
    ON recipients.recipient_id = p.recipient_id
  JOIN crm.bookings AS bookings
    ON bookings.recipient_id = recipients.recipient_id
)
SELECT
  recipient.crm_id AS crmid
FROM population_8 AS p
JOIN crm.bookings AS bookings
  ON bookings.booking_id = p.booking_id
LEFT JOIN crm.recipients AS recipient
  ON recipient.recipient_id = bookings.recipient_id
WHERE
  NOT recipient.crm_id IS NULL;
DELETE FROM camp_audiences WHERE table_name = 'aud_french_bookings_cf7524858d';
INSERT INTO camp_audiences (label, table_name, campaign, dimension, mapping, row_count, saved_at)
SELECT 'French bookings', 'aud_french_bookings_cf7524858d', 'Split', 'bookings', 'CRMID', COUNT(*), CAST(CURRENT_TIMESTAMP() AS DATETIME)
FROM aud_french_bookings_cf7524858d;

-- audience Others -> aud_others_01db91d060
CREATE OR REPLACE TABLE aud_others_01db91d060 AS
WITH population_1 AS (
  SELECT
    recipients.recipient_id
  FROM crm.recipients AS recipients
), population_2 AS (
  SELECT
    p.recipient_id,
    COALESCE(recipients.loyalty_points, 0) AS points
  FROM population_1 AS p
  JOIN crm.recipients AS recipients
    ON recipients.recipient_id = p.recipient_id
), population_3 AS (
  SELECT
    p.recipient_id,
    p.points,
    CASE WHEN p.points >= 1000 THEN 1 WHEN recipients.country = 'FR' THEN 2 END AS camp_segment
  FROM population_2 AS p
  JOIN crm.recipients AS recipients
    ON recipients.recipient_id = p.recipient_id
), population_4 AS (
  SELECT
    p.recipient_id,
    p.points
  FROM population_3 AS p
  WHERE
    p.camp_segment = 1
), population_5 AS (
  SELECT
    p.recipient_id,
    p.points
  FROM population_3 AS p
  WHERE
    p.camp_segment = 2
), population_6 AS (
  SELECT
    p.recipient_id,
    p.points,
    ROW_NUMBER() OVER (ORDER BY p.points DESC, p.recipient_id NULLS LAST) AS camp_row_number
  FROM population_4 AS p
), population_7 AS (
  SELECT
    p.recipient_id,
    p.points
  FROM population_6 AS p
  WHERE
    p.camp_row_number <= 100
), population_9 AS (
  SELECT
    p.recipient_id,
    p.points
  FROM population_2 AS p
  WHERE
    NOT EXISTS(
      SELECT
        1
      FROM population_7 AS other
      WHERE
        other.recipient_id = p.recipient_id
    )
    AND NOT EXISTS(
      SELECT
        1
      FROM population_5 AS other_2
      WHERE
        other_2.recipient_id = p.recipient_id
    )
), population_10 AS (
  SELECT
    p.recipient_id,
    p.points,
    ROW_NUMBER() OVER (ORDER BY p.recipient_id NULLS LAST) AS camp_row_number
  FROM population_9 AS p
), population_11 AS (
  SELECT
    p.recipient_id,
    p.points
  FROM population_10 AS p
  WHERE
    p.camp_row_number <= 50
)
SELECT
  recipients.email
FROM population_11 AS p
JOIN crm.recipients AS recipients
  ON recipients.recipient_id = p.recipient_id
WHERE
  NOT recipients.email IS NULL;
DELETE FROM camp_audiences WHERE table_name = 'aud_others_01db91d060';
INSERT INTO camp_audiences (label, table_name, campaign, dimension, mapping, row_count, saved_at)
SELECT 'Others', 'aud_others_01db91d060', 'Split', 'recipients', 'Email', COUNT(*), CAST(CURRENT_TIMESTAMP() AS DATETIME)
FROM aud_others_01db91d060;
