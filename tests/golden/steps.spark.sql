-- camp: campaign Steps (published)
-- dialect: spark
-- today: 2026-01-31 (fixed)

CREATE SCHEMA IF NOT EXISTS audiences;
CREATE TABLE IF NOT EXISTS audiences.camp_audiences (
  label STRING,
  table_name STRING,
  campaign STRING,
  dimension STRING,
  mapping STRING,
  row_count BIGINT,
  saved_at TIMESTAMP
);

-- audience Seg A -> audiences.aud_seg_a_bd3f4bb1be
DROP TABLE IF EXISTS audiences.aud_seg_a_bd3f4bb1be__camp_staging;
CREATE TABLE audiences.aud_seg_a_bd3f4bb1be__camp_staging AS
WITH population_1 AS (
  SELECT
    recipients.recipient_id
  FROM crm.recipients AS recipients
  WHERE
    EXISTS(
      SELECT
        1
      FROM audiences.aud_recent_bookers_87035bac17 AS audience
      WHERE
        audience.crmid = recipients.crm_id
    )
), population_2 AS (
  SELECT
    recipients.recipient_id
  FROM crm.recipients AS recipients
  WHERE
    recipients.country = 'FR'
), population_3 AS (
  SELECT
    p.recipient_id
  FROM population_1 AS p
  UNION ALL
  SELECT
    added.recipient_id
  FROM population_2 AS added
  WHERE
    NOT EXISTS(
      SELECT
        1
      FROM population_1 AS other
      WHERE
        other.recipient_id = added.recipient_id
    )
), population_4 AS (
  SELECT
    recipients.recipient_id
  FROM crm.recipients AS recipients
  WHERE
    recipients.country = 'FR'
), population_5 AS (
  SELECT
    p.recipient_id
  FROM population_3 AS p
  WHERE
    NOT EXISTS(
      SELECT
        1
      FROM population_4 AS other
      WHERE
        other.recipient_id = p.recipient_id
    )
), population_6 AS (
  SELECT
    p.recipient_id,
    recipients.loyalty_points AS points
  FROM population_5 AS p
  JOIN crm.recipients AS recipients
    ON recipients.recipient_id = p.recipient_id
), population_7 AS (
  SELECT
    p.recipient_id,
    p.points,
    p.points * 2 AS `double`
  FROM population_6 AS p
), population_8 AS (
  SELECT
    p.recipient_id,
    p.points,
    p.`double`,
    ROW_NUMBER() OVER (
      PARTITION BY recipients.country
      ORDER BY recipients.loyalty_points DESC, p.recipient_id NULLS LAST
    ) AS camp_row_number
  FROM population_7 AS p
  JOIN crm.recipients AS recipients
    ON recipients.recipient_id = p.recipient_id
), population_9 AS (
  SELECT
    p.recipient_id,
    p.points,
    p.`double`
  FROM population_8 AS p
  WHERE
    p.camp_row_number <= 2
), population_10 AS (
  SELECT DISTINCT
    bookings.booking_id
  FROM population_9 AS p
  JOIN crm.recipients AS recipients
    ON recipients.recipient_id = p.recipient_id
  JOIN crm.bookings AS bookings
    ON bookings.recipient_id = recipients.recipient_id
), population_11 AS (
  SELECT DISTINCT
    recipients.recipient_id
  FROM population_10 AS p
  JOIN crm.bookings AS bookings
    ON bookings.booking_id = p.booking_id
  JOIN crm.recipients AS recipients
    ON recipients.recipient_id = bookings.recipient_id
), population_12 AS (
  SELECT
    p.recipient_id,
    CASE WHEN recipients.opted_in THEN 1 WHEN recipients.country = 'BE' THEN 2 END AS camp_segment
  FROM population_11 AS p
  JOIN crm.recipients AS recipients
    ON recipients.recipient_id = p.recipient_id
), population_13 AS (
  SELECT
    p.recipient_id
  FROM population_12 AS p
  WHERE
    p.camp_segment = 1
), population_15 AS (
  SELECT
    p.recipient_id,
    ROW_NUMBER() OVER (ORDER BY recipients.loyalty_points DESC, p.recipient_id NULLS LAST) AS camp_row_number,
    COUNT(*) OVER () AS camp_records
  FROM population_13 AS p
  JOIN crm.recipients AS recipients
    ON recipients.recipient_id = p.recipient_id
), population_16 AS (
  SELECT
    p.recipient_id
  FROM population_15 AS p
  WHERE
    p.camp_row_number * 100 <= p.camp_records * 10
)
SELECT
  recipients.crm_id AS crmid
FROM population_16 AS p
JOIN crm.recipients AS recipients
  ON recipients.recipient_id = p.recipient_id
WHERE
  NOT recipients.crm_id IS NULL;
DROP TABLE IF EXISTS audiences.aud_seg_a_bd3f4bb1be;
ALTER TABLE audiences.aud_seg_a_bd3f4bb1be__camp_staging RENAME TO audiences.aud_seg_a_bd3f4bb1be;
DROP TABLE IF EXISTS audiences.camp_audiences__camp_staging;
CREATE TABLE audiences.camp_audiences__camp_staging AS
SELECT * FROM audiences.camp_audiences WHERE table_name <> 'audiences.aud_seg_a_bd3f4bb1be'
UNION ALL
SELECT 'Seg A', 'audiences.aud_seg_a_bd3f4bb1be', 'Steps', 'recipients', 'CRMID', COUNT(*), CAST(CURRENT_TIMESTAMP() AS TIMESTAMP)
FROM audiences.aud_seg_a_bd3f4bb1be;
DROP TABLE audiences.camp_audiences;
ALTER TABLE audiences.camp_audiences__camp_staging RENAME TO audiences.camp_audiences;

-- audience Seg B -> audiences.aud_seg_b_62019ba860
DROP TABLE IF EXISTS audiences.aud_seg_b_62019ba860__camp_staging;
CREATE TABLE audiences.aud_seg_b_62019ba860__camp_staging AS
WITH population_1 AS (
  SELECT
    recipients.recipient_id
  FROM crm.recipients AS recipients
  WHERE
    EXISTS(
      SELECT
        1
      FROM audiences.aud_recent_bookers_87035bac17 AS audience
      WHERE
        audience.crmid = recipients.crm_id
    )
), population_2 AS (
  SELECT
    recipients.recipient_id
  FROM crm.recipients AS recipients
  WHERE
    recipients.country = 'FR'
), population_3 AS (
  SELECT
    p.recipient_id
  FROM population_1 AS p
  UNION ALL
  SELECT
    added.recipient_id
  FROM population_2 AS added
  WHERE
    NOT EXISTS(
      SELECT
        1
      FROM population_1 AS other
      WHERE
        other.recipient_id = added.recipient_id
    )
), population_4 AS (
  SELECT
    recipients.recipient_id
  FROM crm.recipients AS recipients
  WHERE
    recipients.country = 'FR'
), population_5 AS (
  SELECT
    p.recipient_id
  FROM population_3 AS p
  WHERE
    NOT EXISTS(
      SELECT
        1
      FROM population_4 AS other
      WHERE
        other.recipient_id = p.recipient_id
    )
), population_6 AS (
  SELECT
    p.recipient_id,
    recipients.loyalty_points AS points
  FROM population_5 AS p
  JOIN crm.recipients AS recipients
    ON recipients.recipient_id = p.recipient_id
), population_7 AS (
  SELECT
    p.recipient_id,
    p.points,
    p.points * 2 AS `double`
  FROM population_6 AS p
), population_8 AS (
  SELECT
    p.recipient_id,
    p.points,
    p.`double`,
    ROW_NUMBER() OVER (
      PARTITION BY recipients.country
      ORDER BY recipients.loyalty_points DESC, p.recipient_id NULLS LAST
    ) AS camp_row_number
  FROM population_7 AS p
  JOIN crm.recipients AS recipients
    ON recipients.recipient_id = p.recipient_id
), population_9 AS (
  SELECT
    p.recipient_id,
    p.points,
    p.`double`
  FROM population_8 AS p
  WHERE
    p.camp_row_number <= 2
), population_10 AS (
  SELECT DISTINCT
    bookings.booking_id
  FROM population_9 AS p
  JOIN crm.recipients AS recipients
    ON recipients.recipient_id = p.recipient_id
  JOIN crm.bookings AS bookings
    ON bookings.recipient_id = recipients.recipient_id
), population_11 AS (
  SELECT DISTINCT
    recipients.recipient_id
  FROM population_10 AS p
  JOIN crm.bookings AS bookings
    ON bookings.booking_id = p.booking_id
  JOIN crm.recipients AS recipients
    ON recipients.recipient_id = bookings.recipient_id
), population_12 AS (
  SELECT
    p.recipient_id,
    CASE WHEN recipients.opted_in THEN 1 WHEN recipients.country = 'BE' THEN 2 END AS camp_segment
  FROM population_11 AS p
  JOIN crm.recipients AS recipients
    ON recipients.recipient_id = p.recipient_id
), population_14 AS (
  SELECT
    p.recipient_id
  FROM population_12 AS p
  WHERE
    p.camp_segment = 2
)
SELECT
  recipients.crm_id AS crmid
FROM population_14 AS p
JOIN crm.recipients AS recipients
  ON recipients.recipient_id = p.recipient_id
WHERE
  NOT recipients.crm_id IS NULL;
DROP TABLE IF EXISTS audiences.aud_seg_b_62019ba860;
ALTER TABLE audiences.aud_seg_b_62019ba860__camp_staging RENAME TO audiences.aud_seg_b_62019ba860;
DROP TABLE IF EXISTS audiences.camp_audiences__camp_staging;
CREATE TABLE audiences.camp_audiences__camp_staging AS
SELECT * FROM audiences.camp_audiences WHERE table_name <> 'audiences.aud_seg_b_62019ba860'
UNION ALL
SELECT 'Seg B', 'audiences.aud_seg_b_62019ba860', 'Steps', 'recipients', 'CRMID', COUNT(*), CAST(CURRENT_TIMESTAMP() AS TIMESTAMP)
FROM audiences.aud_seg_b_62019ba860;
DROP TABLE audiences.camp_audiences;
ALTER TABLE audiences.camp_audiences__camp_staging RENAME TO audiences.camp_audiences;

-- audience Seg rest -> audiences.aud_seg_rest_ea88e38593
DROP TABLE IF EXISTS audiences.aud_seg_rest_ea88e38593__camp_staging;
CREATE TABLE audiences.aud_seg_rest_ea88e38593__camp_staging AS
WITH population_1 AS (
  SELECT
    recipients.recipient_id
  FROM crm.recipients AS recipients
  WHERE
    EXISTS(
      SELECT
        1
      FROM audiences.aud_recent_bookers_87035bac17 AS audience
      WHERE
        audience.crmid = recipients.crm_id
    )
), population_2 AS (
  SELECT
    recipients.recipient_id
  FROM crm.recipients AS recipients
  WHERE
    recipients.country = 'FR'
), population_3 AS (
  SELECT
    p.recipient_id
  FROM population_1 AS p
  UNION ALL
  SELECT
    added.recipient_id
  FROM population_2 AS added
  WHERE
    NOT EXISTS(
      SELECT
        1
      FROM population_1 AS other
      WHERE
        other.recipient_id = added.recipient_id
    )
), population_4 AS (
  SELECT
    recipients.recipient_id
  FROM crm.recipients AS recipients
  WHERE
    recipients.country = 'FR'
), population_5 AS (
  SELECT
    p.recipient_id
  FROM population_3 AS p
  WHERE
    NOT EXISTS(
      SELECT
        1
      FROM population_4 AS other
      WHERE
        other.recipient_id = p.recipient_id
    )
), population_6 AS (
  SELECT
    p.recipient_id,
    recipients.loyalty_points AS points
  FROM population_5 AS p
  JOIN crm.recipients AS recipients
    ON recipients.recipient_id = p.recipient_id
), population_7 AS (
  SELECT
    p.recipient_id,
    p.points,
    p.points * 2 AS `double`
  FROM population_6 AS p
), population_8 AS (
  SELECT
    p.recipient_id,
    p.points,
    p.`double`,
    ROW_NUMBER() OVER (
      PARTITION BY recipients.country
      ORDER BY recipients.loyalty_points DESC, p.recipient_id NULLS LAST
    ) AS camp_row_number
  FROM population_7 AS p
  JOIN crm.recipients AS recipients
    ON recipients.recipient_id = p.recipient_id
), population_9 AS (
  SELECT
    p.recipient_id,
    p.points,
    p.`double`
  FROM population_8 AS p
  WHERE
    p.camp_row_number <= 2
), population_10 AS (
  SELECT DISTINCT
    bookings.booking_id
  FROM population_9 AS p
  JOIN crm.recipients AS recipients
    ON recipients.recipient_id = p.recipient_id
  JOIN crm.bookings AS bookings
    ON bookings.recipient_id = recipients.recipient_id
), population_11 AS (
  SELECT DISTINCT
    recipients.recipient_id
  FROM population_10 AS p
  JOIN crm.bookings AS bookings
    ON bookings.booking_id = p.booking_id
  JOIN crm.recipients AS recipients
    ON recipients.recipient_id = bookings.recipient_id
), population_12 AS (
  SELECT
    p.recipient_id,
    CASE WHEN recipients.opted_in THEN 1 WHEN recipients.country = 'BE' THEN 2 END AS camp_segment
  FROM population_11 AS p
  JOIN crm.recipients AS recipients
    ON recipients.recipient_id = p.recipient_id
), population_13 AS (
  SELECT
    p.recipient_id
  FROM population_12 AS p
  WHERE
    p.camp_segment = 1
), population_14 AS (
  SELECT
    p.recipient_id
  FROM population_12 AS p
  WHERE
    p.camp_segment = 2
), population_15 AS (
  SELECT
    p.recipient_id,
    ROW_NUMBER() OVER (ORDER BY recipients.loyalty_points DESC, p.recipient_id NULLS LAST) AS camp_row_number,
    COUNT(*) OVER () AS camp_records
  FROM population_13 AS p
  JOIN crm.recipients AS recipients
    ON recipients.recipient_id = p.recipient_id
), population_16 AS (
  SELECT
    p.recipient_id
  FROM population_15 AS p
  WHERE
    p.camp_row_number * 100 <= p.camp_records * 10
), population_17 AS (
  SELECT
    p.recipient_id
  FROM population_11 AS p
  WHERE
    NOT EXISTS(
      SELECT
        1
      FROM population_16 AS other
      WHERE
        other.recipient_id = p.recipient_id
    )
    AND NOT EXISTS(
      SELECT
        1
      FROM population_14 AS other_2
      WHERE
        other_2.recipient_id = p.recipient_id
    )
)
SELECT
  recipients.crm_id AS crmid
FROM population_17 AS p
JOIN crm.recipients AS recipients
  ON recipients.recipient_id = p.recipient_id
WHERE
  NOT recipients.crm_id IS NULL;
DROP TABLE IF EXISTS audiences.aud_seg_rest_ea88e38593;
ALTER TABLE audiences.aud_seg_rest_ea88e38593__camp_staging RENAME TO audiences.aud_seg_rest_ea88e38593;
DROP TABLE IF EXISTS audiences.camp_audiences__camp_staging;
CREATE TABLE audiences.camp_audiences__camp_staging AS
SELECT * FROM audiences.camp_audiences WHERE table_name <> 'audiences.aud_seg_rest_ea88e38593'
UNION ALL
SELECT 'Seg rest', 'audiences.aud_seg_rest_ea88e38593', 'Steps', 'recipients', 'CRMID', COUNT(*), CAST(CURRENT_TIMESTAMP() AS TIMESTAMP)
FROM audiences.aud_seg_rest_ea88e38593;
DROP TABLE audiences.camp_audiences;
ALTER TABLE audiences.camp_audiences__camp_staging RENAME TO audiences.camp_audiences;
