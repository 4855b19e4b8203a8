-- camp: campaign Steps (published)
-- dialect: tsql
-- today: 2026-01-31 (fixed)
BEGIN TRANSACTION;

IF NOT EXISTS (SELECT * FROM INFORMATION_SCHEMA.SCHEMATA WHERE SCHEMA_NAME = 'audiences') EXEC('CREATE SCHEMA audiences');
IF NOT EXISTS (SELECT * FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'camp_audiences' AND TABLE_SCHEMA = 'audiences') EXEC('CREATE TABLE audiences.camp_audiences (
  label NVARCHAR(MAX),
  table_name NVARCHAR(MAX),
  campaign NVARCHAR(MAX),
  dimension NVARCHAR(MAX),
  mapping NVARCHAR(MAX),
  row_count BIGINT,
  saved_at DATETIME2
)');

-- audience Seg A -> audiences.aud_seg_a_bd3f4bb1be
DROP TABLE IF EXISTS audiences.aud_seg_a_bd3f4bb1be;
WITH population_1 AS (
  SELECT
    recipients.recipient_id AS recipient_id
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
    recipients.recipient_id AS recipient_id
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
    recipients.recipient_id AS recipient_id
  FROM crm.recipients AS recipients
  WHERE
    recipients.country = 'FR'
), population_5 AS (
  SELECT
    p.recipient_id AS recipient_id
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
    p.recipient_id AS recipient_id,
    recipients.loyalty_points AS points
  FROM population_5 AS p
  JOIN crm.recipients AS recipients
    ON recipients.recipient_id = p.recipient_id
), population_7 AS (
  SELECT
    p.recipient_id AS recipient_id,
    p.points AS points,
    p.points * 2 AS [double]
  FROM population_6 AS p
), population_8 AS (
  SELECT
    p.recipient_id AS recipient_id,
    p.points AS points,
    p.[double] AS [double],
    ROW_NUMBER() OVER (
      PARTITION BY recipients.country
      ORDER BY recipients.loyalty_points DESC, CASE WHEN p.recipient_id IS NULL THEN 1 ELSE 0 END, p.recipient_id
    ) AS camp_row_number
  FROM population_7 AS p
  JOIN crm.recipients AS recipients
    ON recipients.recipient_id = p.recipient_id
), population_9 AS (
  SELECT
    p.recipient_id AS recipient_id,
    p.points AS points,
    p.[double] AS [double]
  FROM population_8 AS p
  WHERE
    p.camp_row_number <= 2
), population_10 AS (
  SELECT DISTINCT
    bookings.booking_id AS booking_id
  FROM population_9 AS p
  JOIN crm.recipients AS recipients
    ON recipients.recipient_id = p.recipient_id
  JOIN crm.bookings AS bookings
    ON bookings.recipient_id = recipients.recipient_id
), population_11 AS (
  SELECT DISTINCT
    recipients.recipient_id AS recipient_id
  FROM population_10 AS p
  JOIN crm.bookings AS bookings
    ON bookings.booking_id = p.booking_id
  JOIN crm.recipients AS recipients
    ON recipients.recipient_id = bookings.recipient_id
), population_12 AS (
  SELECT
    p.recipient_id AS recipient_id,
    CASE WHEN recipients.opted_in <> 0 THEN 1 WHEN recipients.country = 'BE' THEN 2 END AS camp_segment
  FROM population_11 AS p
  JOIN crm.recipients AS recipients
    ON recipients.recipient_id = p.recipient_id
), population_13 AS (
  SELECT
    p.recipient_id AS recipient_id
  FROM population_12 AS p
  WHERE
    p.camp_segment = 1
), population_15 AS (
  SELECT
    p.recipient_id AS recipient_id,
    ROW_NUMBER() OVER (
      ORDER BY recipients.loyalty_points DESC, CASE WHEN p.recipient_id IS NULL THEN 1 ELSE 0 END, p.recipient_id
    ) AS camp_row_number,
    COUNT(*) OVER () AS camp_records
  FROM population_13 AS p
  JOIN crm.recipients AS recipients
    ON recipients.recipient_id = p.recipient_id
), population_16 AS (
  SELECT
    p.recipient_id AS recipient_id
  FROM population_15 AS p
  WHERE
    p.camp_row_number * 100 <= p.camp_records * 10
)
SELECT
  *
INTO audiences.aud_seg_a_bd3f4bb1be
FROM (
  SELECT
    recipients.crm_id AS crmid
  FROM population_16 AS p
  JOIN crm.recipients AS recipients
    ON recipients.recipient_id = p.recipient_id
  WHERE
    NOT recipients.crm_id IS NULL
) AS temp;
DELETE FROM audiences.camp_audiences WHERE table_name = 'audiences.aud_seg_a_bd3f4bb1be';
INSERT INTO audiences.camp_audiences (label, table_name, campaign, dimension, mapping, row_count, saved_at)
SELECT 'Seg A', 'audiences.aud_seg_a_bd3f4bb1be', 'Steps', 'recipients', 'CRMID', COUNT(*), CAST(GETDATE() AS DATETIME2)
FROM audiences.aud_seg_a_bd3f4bb1be;

-- audience Seg B -> audiences.aud_seg_b_62019ba860
DROP TABLE IF EXISTS audiences.aud_seg_b_62019ba860;
WITH population_1 AS (
  SELECT
    recipients.recipient_id AS recipient_id
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
    recipients.recipient_id AS recipient_id
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
    recipients.recipient_id AS recipient_id
  FROM crm.recipients AS recipients
  WHERE
    recipients.country = 'FR'
), population_5 AS (
  SELECT
    p.recipient_id AS recipient_id
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
    p.recipient_id AS recipient_id,
    recipients.loyalty_points AS points
  FROM population_5 AS p
  JOIN crm.recipients AS recipients
    ON recipients.recipient_id = p.recipient_id
), population_7 AS (
  SELECT
    p.recipient_id AS recipient_id,
    p.points AS points,
    p.points * 2 AS [double]
  FROM population_6 AS p
), population_8 AS (
  SELECT
    p.recipient_id AS recipient_id,
    p.points AS points,
    p.[double] AS [double],
    ROW_NUMBER() OVER (
      PARTITION BY recipients.country
      ORDER BY recipients.loyalty_points DESC, CASE WHEN p.recipient_id IS NULL THEN 1 ELSE 0 END, p.recipient_id
    ) AS camp_row_number
  FROM population_7 AS p
  JOIN crm.recipients AS recipients
    ON recipients.recipient_id = p.recipient_id
), population_9 AS (
  SELECT
    p.recipient_id AS recipient_id,
    p.points AS points,
    p.[double] AS [double]
  FROM population_8 AS p
  WHERE
    p.camp_row_number <= 2
), population_10 AS (
  SELECT DISTINCT
    bookings.booking_id AS booking_id
  FROM population_9 AS p
  JOIN crm.recipients AS recipients
    ON recipients.recipient_id = p.recipient_id
  JOIN crm.bookings AS bookings
    ON bookings.recipient_id = recipients.recipient_id
), population_11 AS (
  SELECT DISTINCT
    recipients.recipient_id AS recipient_id
  FROM population_10 AS p
  JOIN crm.bookings AS bookings
    ON bookings.booking_id = p.booking_id
  JOIN crm.recipients AS recipients
    ON recipients.recipient_id = bookings.recipient_id
), population_12 AS (
  SELECT
    p.recipient_id AS recipient_id,
    CASE WHEN recipients.opted_in <> 0 THEN 1 WHEN recipients.country = 'BE' THEN 2 END AS camp_segment
  FROM population_11 AS p
  JOIN crm.recipients AS recipients
    ON recipients.recipient_id = p.recipient_id
), population_14 AS (
  SELECT
    p.recipient_id AS recipient_id
  FROM population_12 AS p
  WHERE
    p.camp_segment = 2
)
SELECT
  *
INTO audiences.aud_seg_b_62019ba860
FROM (
  SELECT
    recipients.crm_id AS crmid
  FROM population_14 AS p
  JOIN crm.recipients AS recipients
    ON recipients.recipient_id = p.recipient_id
  WHERE
    NOT recipients.crm_id IS NULL
) AS temp;
DELETE FROM audiences.camp_audiences WHERE table_name = 'audiences.aud_seg_b_62019ba860';
INSERT INTO audiences.camp_audiences (label, table_name, campaign, dimension, mapping, row_count, saved_at)
SELECT 'Seg B', 'audiences.aud_seg_b_62019ba860', 'Steps', 'recipients', 'CRMID', COUNT(*), CAST(GETDATE() AS DATETIME2)
FROM audiences.aud_seg_b_62019ba860;

-- audience Seg rest -> audiences.aud_seg_rest_ea88e38593
DROP TABLE IF EXISTS audiences.aud_seg_rest_ea88e38593;
WITH population_1 AS (
  SELECT
    recipients.recipient_id AS recipient_id
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
    recipients.recipient_id AS recipient_id
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
    recipients.recipient_id AS recipient_id
  FROM crm.recipients AS recipients
  WHERE
    recipients.country = 'FR'
), population_5 AS (
  SELECT
    p.recipient_id AS recipient_id
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
    p.recipient_id AS recipient_id,
    recipients.loyalty_points AS points
  FROM population_5 AS p
  JOIN crm.recipients AS recipients
    ON recipients.recipient_id = p.recipient_id
), population_7 AS (
  SELECT
    p.recipient_id AS recipient_id,
    p.points AS points,
    p.points * 2 AS [double]
  FROM population_6 AS p
), population_8 AS (
  SELECT
    p.recipient_id AS recipient_id,
    p.points AS points,
    p.[double] AS [double],
    ROW_NUMBER() OVER (
      PARTITION BY recipients.country
      ORDER BY recipients.loyalty_points DESC, CASE WHEN p.recipient_id IS NULL THEN 1 ELSE 0 END, p.recipient_id
    ) AS camp_row_number
  FROM population_7 AS p
  JOIN crm.recipients AS recipients
    ON recipients.recipient_id = p.recipient_id
), population_9 AS (
  SELECT
    p.recipient_id AS recipient_id,
    p.points AS points,
    p.[double] AS [double]
  FROM population_8 AS p
  WHERE
    p.camp_row_number <= 2
), population_10 AS (
  SELECT DISTINCT
    bookings.booking_id AS booking_id
  FROM population_9 AS p
  JOIN crm.recipients AS recipients
    ON recipients.recipient_id = p.recipient_id
  JOIN crm.bookings AS bookings
    ON bookings.recipient_id = recipients.recipient_id
), population_11 AS (
  SELECT DISTINCT
    recipients.recipient_id AS recipient_id
  FROM population_10 AS p
  JOIN crm.bookings AS bookings
    ON bookings.booking_id = p.booking_id
  JOIN crm.recipients AS recipients
    ON recipients.recipient_id = bookings.recipient_id
), population_12 AS (
  SELECT
    p.recipient_id AS recipient_id,
    CASE WHEN recipients.opted_in <> 0 THEN 1 WHEN recipients.country = 'BE' THEN 2 END AS camp_segment
  FROM population_11 AS p
  JOIN crm.recipients AS recipients
    ON recipients.recipient_id = p.recipient_id
), population_13 AS (
  SELECT
    p.recipient_id AS recipient_id
  FROM population_12 AS p
  WHERE
    p.camp_segment = 1
), population_14 AS (
  SELECT
    p.recipient_id AS recipient_id
  FROM population_12 AS p
  WHERE
    p.camp_segment = 2
), population_15 AS (
  SELECT
    p.recipient_id AS recipient_id,
    ROW_NUMBER() OVER (
      ORDER BY recipients.loyalty_points DESC, CASE WHEN p.recipient_id IS NULL THEN 1 ELSE 0 END, p.recipient_id
    ) AS camp_row_number,
    COUNT(*) OVER () AS camp_records
  FROM population_13 AS p
  JOIN crm.recipients AS recipients
    ON recipients.recipient_id = p.recipient_id
), population_16 AS (
  SELECT
    p.recipient_id AS recipient_id
  FROM population_15 AS p
  WHERE
    p.camp_row_number * 100 <= p.camp_records * 10
), population_17 AS (
  SELECT
    p.recipient_id AS recipient_id
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
  *
INTO audiences.aud_seg_rest_ea88e38593
FROM (
  SELECT
    recipients.crm_id AS crmid
  FROM population_17 AS p
  JOIN crm.recipients AS recipients
    ON recipients.recipient_id = p.recipient_id
  WHERE
    NOT recipients.crm_id IS NULL
) AS temp;
DELETE FROM audiences.camp_audiences WHERE table_name = 'audiences.aud_seg_rest_ea88e38593';
INSERT INTO audiences.camp_audiences (label, table_name, campaign, dimension, mapping, row_count, saved_at)
SELECT 'Seg rest', 'audiences.aud_seg_rest_ea88e38593', 'Steps', 'recipients', 'CRMID', COUNT(*), CAST(GETDATE() AS DATETIME2)
FROM audiences.aud_seg_rest_ea88e38593;

COMMIT;
